#version 330 core
// Wide lines: each segment is two triangles whose six vertices all carry the segment's ends and a
// corner number; the quad of u_width pixels with square caps is extruded here, so outlines of any
// width cost the CPU nothing per frame. (Plain triangles rather than instancing: software GL runs
// one small draw per instance.)
layout(location = 0) in vec2 a_from;  // local metres
layout(location = 1) in vec2 a_to;
layout(location = 2) in float a_corner;  // 0..3: (start, end) x (right, left)

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
    int corner = int(a_corner);
    float along = corner < 2 ? 0.0 : 1.0;
    float side = (corner % 2 == 0) ? -1.0 : 1.0;
    vec2 p = mix(a, b, along) + dir * (along * 2.0 - 1.0) * 0.5 * u_width + normal * side * half_width;
    gl_Position = vec4(p / half_viewport, 0.0, 1.0);
    v_across = side * half_width;
}
