#version 330 core
// Resource markers (one instance per resource: a screen-aligned quad that glides from where the resource was
// to where it is over u_glide_seconds after its move); with TRAIL, patrol-vehicle trails (one instance per
// segment, its newest end gliding with the vehicle).
uniform vec2 u_center;
uniform vec2 u_scale;
uniform vec2 u_viewport;
uniform float u_time;           // seconds, on the layer's clock (the same clock as a_start)
uniform float u_glide_seconds;
uniform float u_size;           // marker size in pixels; trail width in pixels with TRAIL

// Where a glide that started at `start` has got to: 0 at the start, 1 when it is over.
float glide(float start) { return smoothstep(0.0, 1.0, clamp((u_time - start) / u_glide_seconds, 0.0, 1.0)); }

#ifdef TRAIL
layout(location = 0) in vec2 a_tail;       // local metres: the segment's older end
layout(location = 1) in vec2 a_head_from;  // the newer end when its glide began
layout(location = 2) in vec2 a_head_to;    // the newer end when its glide is over
layout(location = 3) in float a_start;
layout(location = 4) in vec2 a_alpha;      // at the older and the newer end

out float v_across;  // -1..1 across the segment
out float v_alpha;

void main() {
    vec2 head = mix(a_head_from, a_head_to, glide(a_start));
    float along = (gl_VertexID & 1) == 0 ? 0.0 : 1.0;
    float side = (gl_VertexID & 2) == 0 ? -1.0 : 1.0;
    vec2 p0 = (a_tail - u_center) * u_scale * 0.5 * u_viewport;  // pixels from the centre
    vec2 p1 = (head - u_center) * u_scale * 0.5 * u_viewport;
    vec2 d = p1 - p0;
    float len = length(d);
    vec2 dir = len > 1e-3 ? d / len : vec2(1.0, 0.0);
    vec2 normal = vec2(-dir.y, dir.x);
    float half_width = 0.5 * u_size + 1.0;
    vec2 p = mix(p0, p1, along) + normal * side * half_width;
    gl_Position = vec4(p / (0.5 * u_viewport), 0.0, 1.0);
    if (len < 0.5) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // nothing to draw: outside the clip volume
    v_across = side * half_width / (0.5 * u_size);
    v_alpha = mix(a_alpha.x, a_alpha.y, along);
}

#else
layout(location = 0) in vec2 a_from;   // local metres: where the resource was when its glide began
layout(location = 1) in vec2 a_to;     // where it is
layout(location = 2) in float a_start; // when its glide began (far in the past when it has none)
layout(location = 3) in vec4 a_color;
layout(location = 4) in float a_shape; // 0 circle, 1 square, 2 triangle, 3 diamond, 4 ring (camera)

uniform float u_meters_per_pixel;
uniform float u_camera_max_mpp;  // cameras are many and small: drawn only when zoomed in further than this

out vec2 v_local;  // -1..1 across the marker
out vec4 v_color;
flat out float v_shape;

void main() {
    vec2 corner = vec2((gl_VertexID & 1) == 0 ? -1.0 : 1.0, (gl_VertexID & 2) == 0 ? -1.0 : 1.0);
    vec2 position = mix(a_from, a_to, glide(a_start));
    vec2 clip = (position - u_center) * u_scale;
    float reach = u_size * 0.5 + 2.0;  // the halo
    gl_Position = vec4(clip + corner * reach / (0.5 * u_viewport), 0.0, 1.0);
    if (a_shape > 3.5 && u_meters_per_pixel > u_camera_max_mpp) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    v_local = corner * reach / (u_size * 0.5);
    v_color = a_color;
    v_shape = a_shape;
}
#endif
