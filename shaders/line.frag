#version 330 core
// Antialiased line body: full colour inside the width, fading over one pixel; thin lines fade in alpha.
in float v_across;
uniform vec4 u_color;
uniform float u_width;
uniform float u_opacity;
out vec4 frag_color;

void main() {
    float half_width = 0.5 * max(u_width, 1.0);
    float coverage = clamp(half_width + 0.5 - abs(v_across), 0.0, 1.0) * min(u_width, 1.0);
    frag_color = vec4(u_color.rgb, u_color.a * coverage * u_opacity);
}
