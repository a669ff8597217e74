#version 330 core
// SPLAT: a Gaussian kernel, summed by additive blending into the heat texture. Otherwise: the summed heat
// read back at this pixel and mapped to a ramp (transparent, blue, yellow, red), as opaque as it is hot; with
// RAMP_DENSITY, one teal hue (the resources' density).
out vec4 frag_color;

#ifdef SPLAT
in vec2 v_local;
in float v_weight;

void main() {
    float d2 = dot(v_local, v_local);
    if (d2 > 1.0) discard;
    frag_color = vec4(v_weight * exp(-4.0 * d2) * (1.0 - d2), 0.0, 0.0, 1.0);
}
#else
uniform sampler2D u_heat;
uniform vec2 u_origin;      // the map viewport's lower-left corner in window pixels
uniform vec2 u_viewport;
uniform float u_saturation;  // heat at which the ramp is two thirds up
uniform float u_opacity;

void main() {
    float heat = texture(u_heat, (gl_FragCoord.xy - u_origin) / u_viewport).r;
    float t = 1.0 - exp(-heat / u_saturation);
    if (t < 0.02) discard;
#ifdef RAMP_DENSITY
    // One teal hue, deeper and more opaque where denser (resources at city scale: not to be read as report heat).
    vec3 rgb = mix(vec3(0.40, 0.72, 0.72), vec3(0.03, 0.33, 0.38), t);
    frag_color = vec4(rgb, smoothstep(0.02, 0.5, t) * 0.7 * u_opacity);
#else
    vec3 cold = vec3(0.18, 0.42, 0.85), warm = vec3(1.0, 0.85, 0.2), hot = vec3(0.86, 0.1, 0.1);
    vec3 rgb = t < 0.5 ? mix(cold, warm, t * 2.0) : mix(warm, hot, (t - 0.5) * 2.0);
    frag_color = vec4(rgb, smoothstep(0.02, 0.35, t) * 0.8 * u_opacity);
#endif
}
#endif
