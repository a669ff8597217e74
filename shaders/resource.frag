#version 330 core
// Resource markers by signed distance (circle, square, triangle, diamond, ring) with a dark rim and a thin
// white halo, one pixel of antialiasing; with TRAIL, a trail segment in u_color fading by v_alpha.
uniform float u_size;
uniform float u_opacity;
out vec4 frag_color;

#ifdef TRAIL
in float v_across;
in float v_alpha;
uniform vec4 u_color;

void main() {
    float edge_px = (1.0 - abs(v_across)) * 0.5 * u_size;  // pixels inside the edge
    float alpha = clamp(edge_px + 0.5, 0.0, 1.0) * v_alpha;
    if (alpha <= 0.002) discard;
    frag_color = vec4(u_color.rgb, u_color.a * alpha * u_opacity);
}

#else
in vec2 v_local;
in vec4 v_color;
flat in float v_shape;

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
    float d = shape_distance(v_local, v_shape) * u_size * 0.5;  // pixels, negative inside
    float halo = clamp(1.5 - d, 0.0, 1.0) * 0.85;
    float body = clamp(0.5 - d, 0.0, 1.0);
    if (halo <= 0.0) discard;
    float rim = clamp(d + 2.0, 0.0, 1.0);
    vec3 rgb = mix(v_color.rgb, vec3(0.1, 0.12, 0.15), rim);
    // The body over the halo (premultiplied), then back to straight alpha.
    float a = body * v_color.a + halo * (1.0 - body * v_color.a);
    vec3 premultiplied = rgb * body * v_color.a + vec3(1.0) * halo * (1.0 - body * v_color.a);
    frag_color = vec4(premultiplied / max(a, 1e-4), a * u_opacity);
}
#endif
