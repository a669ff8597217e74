#version 330 core
// Incident markers and per-grid count bubbles: one instance per case (or grid), a screen-aligned quad big
// enough for the marker, its halo and its pulse; incident.frag draws the shape by signed distance.
layout(location = 0) in vec2 a_position;  // local metres
layout(location = 1) in vec4 a_color;     // priority colour (the worst case's, for a bubble)
layout(location = 2) in float a_shape;    // 0 circle, 1 square, 2 triangle, 3 diamond, 4 star, 5 hexagon, 6 bubble
layout(location = 3) in float a_style;    // 0 hollow, 1 solid, 2 solid + dot, 3 pale + check, 4 dashed rim, 5 faint
layout(location = 4) in float a_scale;    // size relative to u_size
layout(location = 5) in float a_flags;    // 1 new, 2 overdue (bits)

uniform vec2 u_center;
uniform vec2 u_scale;
uniform vec2 u_viewport;
uniform float u_size;       // pixels across a marker of scale 1
uniform float u_offset_px;  // when > 0, each instance sits this far plus its radius below its point (bubbles)

out vec2 v_local;   // 1.0 at the marker's nominal radius
flat out vec4 v_color;
flat out float v_shape;
flat out float v_style;
flat out float v_half;   // nominal radius in pixels
flat out int v_flags;

// Pixels beyond the nominal radius that the halo, overdue ring and pulse may reach.
const float kReachPx = 22.0;

void main() {
    vec2 corner = vec2((gl_VertexID & 1) == 0 ? -1.0 : 1.0, (gl_VertexID & 2) == 0 ? -1.0 : 1.0);
    int flags = int(a_flags + 0.5);
    float half_px = 0.5 * u_size * a_scale;
    float extent_px = half_px + (flags != 0 ? kReachPx : 4.0);
    vec2 clip = (a_position - u_center) * u_scale;
    if (u_offset_px > 0.0) clip.y -= 2.0 * (u_offset_px + half_px) / u_viewport.y;
    gl_Position = vec4(clip + corner * extent_px / (0.5 * u_viewport), 0.0, 1.0);
    v_local = corner * extent_px / half_px;
    v_color = a_color;
    v_shape = a_shape;
    v_style = a_style;
    v_half = half_px;
    v_flags = flags;
}
