#version 330 core
// Filled polygons (pre-tessellated triangles). Positions are metres relative to the map's local
// origin, so float32 keeps centimetres. Per-feature colour and state come from buffer textures.
layout(location = 0) in vec2 a_position;
layout(location = 1) in int a_feature;

uniform vec2 u_center;  // camera centre, local metres
uniform vec2 u_scale;   // clip units per metre, per axis
uniform float u_opacity;
uniform vec4 u_color;   // FLAT_COLOR variant
#ifndef FLAT_COLOR
uniform samplerBuffer u_colors;  // RGBA per feature
uniform usamplerBuffer u_state;  // bit 0 selected, bit 1 dimmed
uniform int u_hover;             // feature under the cursor, or -1
#endif

out vec4 v_color;

void main() {
    gl_Position = vec4((a_position - u_center) * u_scale, 0.0, 1.0);
#ifdef FLAT_COLOR
    v_color = u_color;
#else
    vec4 c = texelFetch(u_colors, a_feature);
    uint state = texelFetch(u_state, a_feature).r;
#ifndef ID_COLORS
    if ((state & 2u) != 0u) c.rgb = mix(c.rgb, vec3(0.92), 0.6);
    if ((state & 1u) != 0u) c = vec4(mix(c.rgb, vec3(1.0, 0.62, 0.18), 0.45), max(c.a, 0.75));
    if (a_feature == u_hover) c = vec4(mix(c.rgb, vec3(1.0, 0.93, 0.45), 0.55), max(c.a, 0.7));
#endif
    v_color = c;
#endif
    v_color.a *= u_opacity;
}
