#version 330 core
// The heat layer's two passes. SPLAT: one screen-aligned quad per report, u_radius pixels wide, drawn additively
// into a float texture. Otherwise: the jurisdiction's triangles, so that the colour pass is clipped to it.
uniform vec2 u_center;
uniform vec2 u_scale;
uniform vec2 u_viewport;  // pixels

#ifdef SPLAT
layout(location = 0) in vec2 a_position;  // local metres
layout(location = 1) in float a_weight;
uniform float u_radius;  // pixels
out vec2 v_local;        // -1..1 across the splat
out float v_weight;

void main() {
    vec2 corner = vec2((gl_VertexID & 1) == 0 ? -1.0 : 1.0, (gl_VertexID & 2) == 0 ? -1.0 : 1.0);
    vec2 clip = (a_position - u_center) * u_scale;
    gl_Position = vec4(clip + corner * u_radius / (0.5 * u_viewport), 0.0, 1.0);
    v_local = corner;
    v_weight = a_weight;
}
#else
layout(location = 0) in vec2 a_position;  // local metres
layout(location = 1) in int a_feature;

void main() { gl_Position = vec4((a_position - u_center) * u_scale, 0.0, 1.0); }
#endif
