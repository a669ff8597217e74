#version 330 core
// Point markers: one instance per point, a screen-aligned quad of u_size pixels; the fragment stage
// draws the shape by signed distance. Colour per instance, shape per instance.
layout(location = 0) in vec2 a_position;  // local metres
layout(location = 1) in vec4 a_color;
layout(location = 2) in float a_shape;    // 0 circle, 1 square, 2 triangle, 3 diamond, 4 ring
layout(location = 3) in float a_max_mpp;  // shown only while the map is zoomed in closer than this

uniform vec2 u_center;
uniform vec2 u_scale;
uniform vec2 u_viewport;
uniform float u_size;  // pixels
uniform float u_meters_per_pixel;

out vec2 v_local;  // -1..1 across the quad
out vec4 v_color;
flat out float v_shape;

void main() {
    vec2 corner = vec2((gl_VertexID & 1) == 0 ? -1.0 : 1.0, (gl_VertexID & 2) == 0 ? -1.0 : 1.0);
    vec2 clip = (a_position - u_center) * u_scale;
    gl_Position = vec4(clip + corner * (u_size * 0.5 + 1.0) / (0.5 * u_viewport), 0.0, 1.0);
    if (u_meters_per_pixel > a_max_mpp) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume
    v_local = corner * (1.0 + 2.0 / u_size);
    v_color = a_color;
    v_shape = a_shape;
}
