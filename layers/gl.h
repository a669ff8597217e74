// Thin RAII wrappers over OpenGL 3.3 core: shader programs built from {vertex, fragment} sources with
// prepended #defines, buffers, vertex arrays, buffer textures and an offscreen framebuffer.
#pragma once

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/result.h"

namespace gridlink::gl {

// Shader sources travel together so that vertex and fragment cannot be swapped by position.
struct ShaderSources {
    const char* vertex;
    const char* fragment;
};

class Program {
  public:
    Program() = default;
    // Compiles and links; `defines` lines such as "FLAT_COLOR" become `#define FLAT_COLOR` after #version.
    static Result<Program> Build(const char* name, ShaderSources sources, const std::vector<std::string>& defines = {});
    Program(Program&& other) noexcept;
    Program& operator=(Program&& other) noexcept;
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;
    ~Program();

    GLuint id() const { return id_; }
    void use() const { glUseProgram(id_); }
    GLint uniform(const char* name);
    void set(const char* name, float v) { glUniform1f(uniform(name), v); }
    void set(const char* name, int v) { glUniform1i(uniform(name), v); }
    void set(const char* name, float x, float y) { glUniform2f(uniform(name), x, y); }
    void set(const char* name, float x, float y, float z, float w) { glUniform4f(uniform(name), x, y, z, w); }

  private:
    GLuint id_ = 0;
    std::unordered_map<std::string, GLint> uniforms_;
};

// Programs built once per GL context and shared by every layer that asks for the same sources and
// defines. Owned by the map; outlives its layers.
class ProgramCache {
  public:
    Result<Program*> get(const char* name, ShaderSources sources, const std::vector<std::string>& defines = {});

  private:
    std::map<std::string, std::unique_ptr<Program>> programs_;
};

class Buffer {
  public:
    Buffer() = default;
    explicit Buffer(GLenum target) : target_(target) { glGenBuffers(1, &id_); }
    Buffer(Buffer&& other) noexcept : target_(other.target_), id_(other.id_), bytes_(other.bytes_) { other.id_ = 0; }
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer() {
        if (id_) glDeleteBuffers(1, &id_);
    }

    GLuint id() const { return id_; }
    std::size_t bytes() const { return bytes_; }
    void bind() const { glBindBuffer(target_, id_); }
    // Replaces the whole contents (reallocates when the size changes).
    void upload(const void* data, std::size_t bytes, GLenum usage = GL_STATIC_DRAW);
    // Overwrites a byte range in place.
    void update(std::size_t offset, const void* data, std::size_t bytes);
    template <typename T>
    void upload(const std::vector<T>& v, GLenum usage = GL_STATIC_DRAW) {
        upload(v.data(), v.size() * sizeof(T), usage);
    }

  private:
    GLenum target_ = GL_ARRAY_BUFFER;
    GLuint id_ = 0;
    std::size_t bytes_ = 0;
};

class VertexArray {
  public:
    VertexArray() { glGenVertexArrays(1, &id_); }
    VertexArray(VertexArray&& other) noexcept : id_(other.id_) { other.id_ = 0; }
    VertexArray& operator=(VertexArray&& other) noexcept;
    VertexArray(const VertexArray&) = delete;
    VertexArray& operator=(const VertexArray&) = delete;
    ~VertexArray() {
        if (id_) glDeleteVertexArrays(1, &id_);
    }
    void bind() const { glBindVertexArray(id_); }
    // Float attribute `location` with `components` floats from the bound GL_ARRAY_BUFFER.
    static void Float(GLuint location, int components, std::size_t stride, std::size_t offset, GLuint divisor = 0);
    // Integer attribute (ivec/uint) from the bound GL_ARRAY_BUFFER.
    static void Int(GLuint location, int components, GLenum type, std::size_t stride, std::size_t offset,
                    GLuint divisor = 0);

  private:
    GLuint id_ = 0;
};

// A buffer texture (samplerBuffer / usamplerBuffer): per-feature data indexed by feature id.
class BufferTexture {
  public:
    explicit BufferTexture(GLenum format) : format_(format), buffer_(GL_TEXTURE_BUFFER) { glGenTextures(1, &texture_); }
    BufferTexture(BufferTexture&& other) noexcept
        : format_(other.format_), buffer_(std::move(other.buffer_)), texture_(other.texture_) {
        other.texture_ = 0;
    }
    BufferTexture(const BufferTexture&) = delete;
    BufferTexture& operator=(const BufferTexture&) = delete;
    ~BufferTexture() {
        if (texture_) glDeleteTextures(1, &texture_);
    }
    void upload(const void* data, std::size_t bytes);
    void update(std::size_t offset, const void* data, std::size_t bytes) { buffer_.update(offset, data, bytes); }
    void bind(int unit) const;

  private:
    GLenum format_;
    Buffer buffer_;
    GLuint texture_ = 0;
};

// An offscreen RGBA8 framebuffer, optionally multisampled (resolved on read).
class Framebuffer {
  public:
    Framebuffer(int width, int height, int samples = 0);
    ~Framebuffer();
    Framebuffer(const Framebuffer&) = delete;
    Framebuffer& operator=(const Framebuffer&) = delete;
    bool complete() const { return complete_; }
    void bind() const;
    // Reads the picture top row first, 4 bytes per pixel.
    std::vector<std::uint8_t> read_rgba();
    int width() const { return width_; }
    int height() const { return height_; }

  private:
    int width_, height_, samples_;
    GLuint fbo_ = 0, color_ = 0, depth_ = 0;
    GLuint resolve_fbo_ = 0, resolve_color_ = 0;
    bool complete_ = false;
};

// Drains glGetError; returns a description of what was pending, empty when none.
std::string TakeErrors();

}  // namespace gridlink::gl
