#version 330 core
// Wide lines: one instance per segment, extruded here to a quad of u_width pixels with square caps,
// so outlines of any width cost the CPU nothing per frame. gl_VertexID 0..3 walks a triangle strip.
layout(location = 0) in vec2 a_from;  // local metres
layout(location = 1) in vec2 a_to;

uniform vec2 u_center;
uniform vec2 u_scale;
uniform vec2 u_viewport;  // pixels
uniform float u_width;    // pixels

out float v_across;  // signed pixels from the centre line

void main() {
    vec2 half_viewport = 0.5 * u_viewport;
    vec2 a = (a_from - u_center) * u_scale * half_viewport;
    vec2 b = (a_to - u_center) * u_scale * half_viewport;
    vec2 d = b - a;
    float len = length(d);
    vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
    vec2 normal = vec2(-dir.y, dir.x);
    float half_width = 0.5 * max(u_width, 1.0) + 1.0;  // one pixel of antialiasing margin
    float along = gl_VertexID < 2 ? 0.0 : 1.0;
    float side = (gl_VertexID % 2 == 0) ? -1.0 : 1.0;
    vec2 p = mix(a, b, along) + dir * (along * 2.0 - 1.0) * 0.5 * u_width + normal * side * half_width;
    gl_Position = vec4(p / half_viewport, 0.0, 1.0);
    v_across = side * half_width;
}
