#version 330 core
// Dispatch lines: one instance per line from a responder to its incident, a quad extruded in screen space.
// The responder's end glides with its marker (the same glide as resource.vert) and stops short of it, so the
// marker stays readable; dispatch.frag draws the dashes, measured in pixels from the incident's end.
layout(location = 0) in vec2 a_from_start;  // local metres: the responder when its glide began
layout(location = 1) in vec2 a_from;        // the responder now
layout(location = 2) in float a_start;      // when the responder's glide began (far in the past: none)
layout(location = 3) in vec2 a_to;          // the incident
layout(location = 4) in vec4 a_color;
layout(location = 5) in float a_width;      // pixels

uniform vec2 u_center;
uniform vec2 u_scale;
uniform vec2 u_viewport;
uniform float u_time;  // seconds, on the layer's clock (the same clock as a_start)
uniform float u_glide_seconds;
uniform float u_gap_px;  // left clear around the responder's marker

out float v_along_px;   // pixels from the incident's end
out float v_across_px;  // pixels from the centre line
flat out float v_half_width;
flat out vec4 v_color;

void main() {
    float t = smoothstep(0.0, 1.0, clamp((u_time - a_start) / u_glide_seconds, 0.0, 1.0));
    vec2 from = mix(a_from_start, a_from, t);
    vec2 p0 = (from - u_center) * u_scale * 0.5 * u_viewport;  // pixels from the viewport's centre
    vec2 p1 = (a_to - u_center) * u_scale * 0.5 * u_viewport;
    vec2 d = p1 - p0;
    float len = length(d);
    vec2 dir = len > 1e-3 ? d / len : vec2(1.0, 0.0);
    vec2 normal = vec2(-dir.y, dir.x);
    float gap = min(u_gap_px, 0.5 * len);
    float along = (gl_VertexID & 1) == 0 ? 0.0 : 1.0;
    float side = (gl_VertexID & 2) == 0 ? -1.0 : 1.0;
    float reach = 0.5 * a_width + 2.0;  // the white casing and a pixel of antialiasing
    vec2 p = mix(p0 + dir * gap, p1, along) + normal * side * reach;
    gl_Position = vec4(p / (0.5 * u_viewport), 0.0, 1.0);
    v_along_px = (1.0 - along) * (len - gap);
    v_across_px = side * reach;
    v_half_width = 0.5 * a_width;
    v_color = a_color;
}
