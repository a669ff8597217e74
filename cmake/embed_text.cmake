# Embeds text files (GLSL shaders, the demo outline) into C++ as raw-string constants at build time.
# gridlink_embed_text(TARGET_HEADER header.h NAMESPACE ns FILES a.vert b.frag ...)
# writes header.h declaring `inline constexpr const char* ns::a_vert = R"embed(...)embed";` per file.

function(gridlink_embed_text)
    cmake_parse_arguments(ARG "" "TARGET_HEADER;NAMESPACE" "FILES" ${ARGN})
    set(inputs)
    foreach(f ${ARG_FILES})
        get_filename_component(abs ${f} ABSOLUTE)
        list(APPEND inputs ${abs})
    endforeach()
    add_custom_command(
        OUTPUT ${ARG_TARGET_HEADER}
        COMMAND ${CMAKE_COMMAND} -DOUT=${ARG_TARGET_HEADER} -DNS=${ARG_NAMESPACE} "-DINPUTS=${inputs}"
                -P ${PROJECT_SOURCE_DIR}/cmake/embed_text_run.cmake
        DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/embed_text_run.cmake
        COMMENT "Embedding ${ARG_NAMESPACE} text into ${ARG_TARGET_HEADER}"
        VERBATIM)
endfunction()
