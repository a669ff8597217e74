#version 330 core
// Dispatch lines: dashes in the line's colour on a faint continuous line, with a white casing, flowing toward
// the incident as u_dash_offset grows (the layer advances it with the frame's time).
in float v_along_px;
in float v_across_px;
flat in float v_half_width;
flat in vec4 v_color;
uniform float u_opacity;
uniform float u_dash_px;      // one dash and one gap
uniform float u_dash_offset;  // pixels the pattern has moved toward the incident
out vec4 frag_color;

void main() {
    // Where along the pattern this pixel is; a fixed point of the pattern moves toward v_along_px = 0.
    float x = mod(v_along_px + u_dash_offset, u_dash_px);
    float on_length = 0.6 * u_dash_px;
    float dash = clamp(min(x, on_length - x) + 0.5, 0.0, 1.0);
    float across = abs(v_across_px);
    float core = clamp(v_half_width + 0.5 - across, 0.0, 1.0);
    float casing = clamp(v_half_width + 1.5 + 0.5 - across, 0.0, 1.0);
    float strength = mix(0.35, 1.0, dash);
    float core_a = core * strength * v_color.a;
    float casing_a = casing * 0.8 * strength;
    // The core over the casing (premultiplied), then back to straight alpha.
    float a = core_a + casing_a * (1.0 - core_a);
    if (a <= 0.002) discard;
    vec3 premultiplied = v_color.rgb * core_a + vec3(1.0) * casing_a * (1.0 - core_a);
    frag_color = vec4(premultiplied / a, a * u_opacity);
}
