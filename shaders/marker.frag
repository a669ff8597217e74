#version 330 core
// Signed-distance marker shapes (circle, square, triangle, diamond, ring) with a dark rim and one pixel
// of antialiasing.
in vec2 v_local;
in vec4 v_color;
flat in float v_shape;
uniform float u_size;
uniform float u_opacity;
out vec4 frag_color;

float shape_distance(vec2 p, float shape) {
    if (shape < 0.5) return length(p) - 0.8;                                  // circle
    if (shape < 1.5) { vec2 q = abs(p) - vec2(0.68); return max(q.x, q.y); } // square
    if (shape < 2.5) {                                                        // triangle
        p.y = -p.y + 0.15;
        return max(abs(p.x) * 0.866 + p.y * 0.5, -p.y) - 0.55;
    }
    if (shape < 3.5) return (abs(p.x) + abs(p.y)) * 0.7071 - 0.62;           // diamond
    return abs(length(p) - 0.55) - 0.22;                                      // ring (camera)
}

void main() {
    float d = shape_distance(v_local, v_shape) * u_size * 0.5;  // pixels
    float alpha = clamp(0.5 - d, 0.0, 1.0);
    if (alpha <= 0.0) discard;
    float rim = clamp(d + 2.0, 0.0, 1.0);
    vec3 rgb = mix(v_color.rgb, vec3(0.1, 0.12, 0.15), rim);
    frag_color = vec4(rgb, v_color.a * alpha * u_opacity);
}
