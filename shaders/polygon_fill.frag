#version 330 core
// Flat fill; colour comes from the vertex stage (per feature or per layer).
in vec4 v_color;
out vec4 frag_color;

void main() {
    frag_color = v_color;
}
