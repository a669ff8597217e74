#version 330 core
// Placeholder until it lands.
void main() { gl_Position = vec4(0.0); }
