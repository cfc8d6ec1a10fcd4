# dx_antlr_generate(OUT_VAR LEXER file.g4 PARSER file.g4): runs Debian's
# `antlr4` wrapper (tool 4.7.2) at build time; the output links against the
# 4.9 runtime. Debian's antlr4_generate() helper is broken, hence this.
find_program(ANTLR4_EXECUTABLE antlr4 REQUIRED)
function(dx_antlr_generate out_var)
  cmake_parse_arguments(ARG "" "LEXER;PARSER;PACKAGE" "" ${ARGN})
  set(gen_dir ${CMAKE_CURRENT_BINARY_DIR}/antlr_generated)
  get_filename_component(lexer_name ${ARG_LEXER} NAME_WE)
  get_filename_component(parser_name ${ARG_PARSER} NAME_WE)
  set(outputs ${gen_dir}/${lexer_name}.cpp ${gen_dir}/${lexer_name}.h
              ${gen_dir}/${parser_name}.cpp ${gen_dir}/${parser_name}.h)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${gen_dir}
    COMMAND ${ANTLR4_EXECUTABLE} -Dlanguage=Cpp -no-listener -no-visitor
            -package ${ARG_PACKAGE} -Xexact-output-dir -o ${gen_dir} ${ARG_LEXER}
    COMMAND ${ANTLR4_EXECUTABLE} -Dlanguage=Cpp -no-listener -no-visitor
            -package ${ARG_PACKAGE} -Xexact-output-dir -o ${gen_dir}
            -lib ${gen_dir} ${ARG_PARSER}
    DEPENDS ${ARG_LEXER} ${ARG_PARSER}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    COMMENT "Generating the policy grammar with ANTLR"
    VERBATIM)
  set(${out_var} ${outputs} PARENT_SCOPE)
  set(${out_var}_DIR ${gen_dir} PARENT_SCOPE)
endfunction()
