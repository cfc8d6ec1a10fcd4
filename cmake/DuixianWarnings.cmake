# dx_project_warnings(target): -Wall -Wextra (and -Werror) on project code only;
# generated ANTLR sources and third-party headers are compiled without them.
function(dx_project_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  if(DX_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
