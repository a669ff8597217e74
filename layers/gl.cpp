// OpenGL wrappers: program compile/link with readable errors, buffers, buffer textures, framebuffers.
#include "gl.h"

#include <cstring>

namespace gridlink::gl {

// [SECTION] programs

static Result<GLuint> Compile(const char* name, GLenum stage, const char* source,
                              const std::vector<std::string>& defines) {
    // Keep the source's #version line first, then the defines.
    std::string text = source;
    std::string header;
    for (const std::string& d : defines) header += "#define " + d + "\n";
    const auto version_end = text.rfind("#version", 0) == 0 ? text.find('\n') + 1 : 0;
    text.insert(version_end, header);
    const GLuint shader = glCreateShader(stage);
    const char* ptr = text.c_str();
    glShaderSource(shader, 1, &ptr, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[4096] = {};
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        glDeleteShader(shader);
        return Error{std::string("shader '") + name + "' (" + (stage == GL_VERTEX_SHADER ? "vertex" : "fragment") +
                     ") does not compile: " + log};
    }
    return shader;
}

Result<Program> Program::Build(const char* name, ShaderSources sources, const std::vector<std::string>& defines) {
    auto vs = Compile(name, GL_VERTEX_SHADER, sources.vertex, defines);
    if (!vs) return Error{vs.error()};
    auto fs = Compile(name, GL_FRAGMENT_SHADER, sources.fragment, defines);
    if (!fs) {
        glDeleteShader(vs.value());
        return Error{fs.error()};
    }
    Program p;
    p.id_ = glCreateProgram();
    glAttachShader(p.id_, vs.value());
    glAttachShader(p.id_, fs.value());
    glLinkProgram(p.id_);
    glDeleteShader(vs.value());
    glDeleteShader(fs.value());
    GLint ok = 0;
    glGetProgramiv(p.id_, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[4096] = {};
        glGetProgramInfoLog(p.id_, sizeof log, nullptr, log);
        return Error{std::string("shader '") + name + "' does not link: " + log};
    }
    return p;
}

Program::Program(Program&& other) noexcept : id_(other.id_), uniforms_(std::move(other.uniforms_)) { other.id_ = 0; }

Program& Program::operator=(Program&& other) noexcept {
    if (this != &other) {
        if (id_) glDeleteProgram(id_);
        id_ = other.id_;
        uniforms_ = std::move(other.uniforms_);
        other.id_ = 0;
    }
    return *this;
}

Program::~Program() {
    if (id_) glDeleteProgram(id_);
}

GLint Program::uniform(const char* name) {
    auto it = uniforms_.find(name);
    if (it != uniforms_.end()) return it->second;
    const GLint location = glGetUniformLocation(id_, name);
    uniforms_.emplace(name, location);
    return location;
}

Result<Program*> ProgramCache::get(const char* name, ShaderSources sources, const std::vector<std::string>& defines) {
    std::string key = name;
    for (const std::string& d : defines) key += "|" + d;
    auto it = programs_.find(key);
    if (it != programs_.end()) return it->second.get();
    auto built = Program::Build(name, sources, defines);
    if (!built) return Error{built.error()};
    auto& slot = programs_[key];
    slot = std::make_unique<Program>(std::move(built.value()));
    return slot.get();
}

// [SECTION] buffers and vertex arrays

Buffer& Buffer::operator=(Buffer&& other) noexcept {
    if (this != &other) {
        if (id_) glDeleteBuffers(1, &id_);
        target_ = other.target_;
        id_ = other.id_;
        bytes_ = other.bytes_;
        other.id_ = 0;
    }
    return *this;
}

void Buffer::upload(const void* data, std::size_t bytes, GLenum usage) {
    glBindBuffer(target_, id_);
    glBufferData(target_, static_cast<GLsizeiptr>(bytes), data, usage);
    bytes_ = bytes;
}

void Buffer::update(std::size_t offset, const void* data, std::size_t bytes) {
    glBindBuffer(target_, id_);
    glBufferSubData(target_, static_cast<GLintptr>(offset), static_cast<GLsizeiptr>(bytes), data);
}

VertexArray& VertexArray::operator=(VertexArray&& other) noexcept {
    if (this != &other) {
        if (id_) glDeleteVertexArrays(1, &id_);
        id_ = other.id_;
        other.id_ = 0;
    }
    return *this;
}

void VertexArray::Float(GLuint location, int components, std::size_t stride, std::size_t offset, GLuint divisor) {
    glEnableVertexAttribArray(location);
    glVertexAttribPointer(location, components, GL_FLOAT, GL_FALSE, static_cast<GLsizei>(stride),
                          reinterpret_cast<const void*>(offset));
    glVertexAttribDivisor(location, divisor);
}

void VertexArray::Int(GLuint location, int components, GLenum type, std::size_t stride, std::size_t offset,
                      GLuint divisor) {
    glEnableVertexAttribArray(location);
    glVertexAttribIPointer(location, components, type, static_cast<GLsizei>(stride),
                           reinterpret_cast<const void*>(offset));
    glVertexAttribDivisor(location, divisor);
}

void BufferTexture::upload(const void* data, std::size_t bytes) {
    buffer_.upload(data, bytes, GL_DYNAMIC_DRAW);
    glBindTexture(GL_TEXTURE_BUFFER, texture_);
    glTexBuffer(GL_TEXTURE_BUFFER, format_, buffer_.id());
}

void BufferTexture::bind(int unit) const {
    glActiveTexture(GL_TEXTURE0 + unit);
    glBindTexture(GL_TEXTURE_BUFFER, texture_);
}

// [SECTION] framebuffer

Framebuffer::Framebuffer(int width, int height, int samples) : width_(width), height_(height), samples_(samples) {
    auto storage = [&](GLuint* renderbuffer, GLenum format, GLenum attachment) {
        glGenRenderbuffers(1, renderbuffer);
        glBindRenderbuffer(GL_RENDERBUFFER, *renderbuffer);
        if (samples_ > 0) {
            glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples_, format, width, height);
        } else {
            glRenderbufferStorage(GL_RENDERBUFFER, format, width, height);
        }
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, attachment, GL_RENDERBUFFER, *renderbuffer);
    };
    glGenFramebuffers(1, &fbo_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    storage(&color_, GL_RGBA8, GL_COLOR_ATTACHMENT0);
    storage(&depth_, GL_DEPTH24_STENCIL8, GL_DEPTH_STENCIL_ATTACHMENT);
    complete_ = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    if (samples_ > 0) {
        glGenFramebuffers(1, &resolve_fbo_);
        glBindFramebuffer(GL_FRAMEBUFFER, resolve_fbo_);
        glGenRenderbuffers(1, &resolve_color_);
        glBindRenderbuffer(GL_RENDERBUFFER, resolve_color_);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, resolve_color_);
        complete_ = complete_ && glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

Framebuffer::~Framebuffer() {
    glDeleteFramebuffers(1, &fbo_);
    glDeleteRenderbuffers(1, &color_);
    glDeleteRenderbuffers(1, &depth_);
    if (resolve_fbo_) glDeleteFramebuffers(1, &resolve_fbo_);
    if (resolve_color_) glDeleteRenderbuffers(1, &resolve_color_);
}

void Framebuffer::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, width_, height_);
}

std::vector<std::uint8_t> Framebuffer::read_rgba() {
    GLuint source = fbo_;
    if (samples_ > 0) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolve_fbo_);
        glBlitFramebuffer(0, 0, width_, height_, 0, 0, width_, height_, GL_COLOR_BUFFER_BIT, GL_NEAREST);
        source = resolve_fbo_;
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, source);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width_) * height_ * 4);
    glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows run bottom-up; pictures run top-down.
    const std::size_t stride = static_cast<std::size_t>(width_) * 4;
    std::vector<std::uint8_t> row(stride);
    for (int y = 0; y < height_ / 2; ++y) {
        std::uint8_t* a = pixels.data() + y * stride;
        std::uint8_t* b = pixels.data() + (height_ - 1 - y) * stride;
        std::memcpy(row.data(), a, stride);
        std::memcpy(a, b, stride);
        std::memcpy(b, row.data(), stride);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    return pixels;
}

std::string TakeErrors() {
    std::string out;
    for (GLenum e = glGetError(); e != GL_NO_ERROR; e = glGetError()) {
        char code[16];
        std::snprintf(code, sizeof code, "0x%04x", e);
        out += out.empty() ? code : std::string(" ") + code;
    }
    return out;
}

}  // namespace gridlink::gl
