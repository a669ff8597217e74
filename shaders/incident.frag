#version 330 core
// Incident markers by signed distance: category shape, priority colour, state style (hollow, solid, dot,
// check, dashed rim, faint), a white halo and dark rim, and the new/overdue pulse driven by u_time.
in vec2 v_local;
flat in vec4 v_color;
flat in float v_shape;
flat in float v_style;
flat in float v_half;
flat in int v_flags;
uniform float u_opacity;
uniform float u_time;  // seconds
out vec4 frag_color;

const vec3 kRim = vec3(0.10, 0.11, 0.14);
const vec3 kOverdue = vec3(0.86, 0.08, 0.12);
const vec3 kReturned = vec3(1.00, 0.55, 0.05);

// [SECTION] shapes (distances in units of the nominal radius; negative inside)

float sd_triangle(vec2 p, float r) {
    const float k = sqrt(3.0);
    p.x = abs(p.x) - r;
    p.y = p.y + r / k;
    if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;
    p.x -= clamp(p.x, -2.0 * r, 0.0);
    return -length(p) * sign(p.y);
}

float sd_star(vec2 p, float r, float rf) {
    const vec2 k1 = vec2(0.809016994375, -0.587785252292);
    const vec2 k2 = vec2(-k1.x, k1.y);
    p.x = abs(p.x);
    p -= 2.0 * max(dot(k1, p), 0.0) * k1;
    p -= 2.0 * max(dot(k2, p), 0.0) * k2;
    p.x = abs(p.x);
    p.y -= r;
    vec2 ba = rf * vec2(-k1.y, k1.x) - vec2(0.0, 1.0);
    float h = clamp(dot(p, ba) / dot(ba, ba), 0.0, r);
    return length(p - ba * h) * sign(p.y * ba.x - p.x * ba.y);
}

float sd_hexagon(vec2 p, float r) {
    const vec3 k = vec3(-0.866025404, 0.5, 0.577350269);
    p = abs(p.yx);
    p -= 2.0 * min(dot(k.xy, p), 0.0) * k.xy;
    p -= vec2(clamp(p.x, -k.z * r, k.z * r), r);
    return length(p) * sign(p.y);
}

float sd_segment(vec2 p, vec2 a, vec2 b) {
    vec2 pa = p - a, ba = b - a;
    return length(pa - ba * clamp(dot(pa, ba) / dot(ba, ba), 0.0, 1.0));
}

float shape_distance(vec2 p, float shape) {
    if (shape < 0.5) return length(p) - 0.86;                                              // circle
    if (shape < 1.5) { vec2 q = abs(p) - vec2(0.64); return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - 0.1; }
    if (shape < 2.5) return sd_triangle(p + vec2(0.0, 0.12), 0.96);                        // triangle
    if (shape < 3.5) return (abs(p.x) + abs(p.y)) * 0.7071 - 0.70;                         // diamond
    if (shape < 4.5) return sd_star(p + vec2(0.0, 0.06), 1.08, 0.48);                      // star
    if (shape < 5.5) return sd_hexagon(p, 0.80);                                           // hexagon
    return length(p) - 1.0;                                                                // bubble
}

// [SECTION] compositing (premultiplied, back to front)

vec4 over(vec4 dst, vec3 rgb, float a) { return vec4(rgb * a + dst.rgb * (1.0 - a), a + dst.a * (1.0 - a)); }

void main() {
    bool is_new = (v_flags & 1) != 0;
    bool overdue = (v_flags & 2) != 0;
    float px = v_half;                               // pixels per local unit
    float radius_px = length(v_local) * px;          // from the centre, pixels
    float d = shape_distance(v_local, v_shape) * px; // pixels, negative inside
    vec4 acc = vec4(0.0);

    // The pulse: a ring leaving the marker's edge and fading; overdue is red, wider, faster and stronger.
    if (is_new || overdue) {
        float period = overdue ? 1.3 : 2.2;
        float phase = fract(u_time / period + 0.35);
        float reach = overdue ? 18.0 : 13.0;
        float ring = px + 2.0 + reach * phase;
        float width = overdue ? 2.2 : 1.6;
        float a = clamp(width + 0.5 - abs(radius_px - ring), 0.0, 1.0) * (1.0 - phase) * (overdue ? 0.95 : 0.75);
        acc = over(acc, overdue ? kOverdue : v_color.rgb, a);
    }
    // Overdue, also without animation: a steady red ring around the marker.
    if (overdue) {
        float a = clamp(1.9 - abs(radius_px - (px + 4.5)), 0.0, 1.0);
        acc = over(acc, kOverdue, a);
    }
    bool faint = v_style > 4.5;
    // A white halo parts the marker from the map.
    float halo = clamp(2.5 - d, 0.0, 1.0) * (faint ? 0.5 : 0.9);
    acc = over(acc, vec3(1.0), halo);

    // The body: interior by state, then the rim.
    float body = clamp(0.5 - d, 0.0, 1.0);
    if (body > 0.0) {
        vec3 fill = v_color.rgb;
        float rim_w = v_shape > 5.5 ? 1.5 : 1.6;
        if (v_style < 0.5) {                        // hollow: a coloured band around a white centre
            float band = max(3.0, 0.3 * px);
            fill = mix(vec3(1.0), fill, clamp(d + rim_w + band + 0.5, 0.0, 1.0));
        } else if (v_style < 1.5) {                 // solid
        } else if (v_style < 2.5) {                 // solid with a white dot: accepted
            fill = mix(fill, vec3(1.0), clamp(0.24 * px + 0.5 - radius_px, 0.0, 1.0));
        } else if (v_style < 3.5) {                 // pale with a dark check mark: handled, verified
            fill = mix(fill, vec3(1.0), 0.55);
            float check = min(sd_segment(v_local, vec2(-0.40, 0.02), vec2(-0.12, -0.30)),
                              sd_segment(v_local, vec2(-0.12, -0.30), vec2(0.40, 0.30))) * px;
            fill = mix(fill, kRim, clamp(max(1.3, 0.1 * px) + 0.5 - check, 0.0, 1.0));
        } else if (v_style < 4.5) {                 // returned: solid, dashed orange rim below
        } else {                                    // finished: grey
            fill = vec3(0.62);
        }
        vec3 rim = kRim;
        float rim_width = rim_w;
        if (v_style > 3.5 && v_style < 4.5) {
            float angle = atan(v_local.y, v_local.x);
            float dash = step(0.5, fract(angle * 8.0 / 6.2831853));
            rim = mix(kRim, kReturned, dash);
            rim_width = 3.0;
        }
        vec3 rgb = mix(fill, faint ? vec3(0.45) : rim, clamp(d + rim_width + 0.5, 0.0, 1.0));
        acc = over(acc, rgb, body * (faint ? 0.55 : v_color.a));
    }
    if (acc.a <= 0.002) discard;
    frag_color = vec4(acc.rgb / acc.a, acc.a * u_opacity);
}
