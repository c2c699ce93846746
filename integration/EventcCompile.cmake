# eventc_compile(): generate C from EventBridge rules and event schemas at build time (CMake >= 3.20).
#
#   find_package(eventc CONFIG REQUIRED)     # loads this file; sets EVENTC and eventc::eventc
#   add_executable(app main.c)
#   eventc_compile(NAME bus INPUTS rules.yaml schemas/ticket.json TARGET app)
#   target_link_libraries(app PRIVATE eventc::eventc)
#
#   eventc_compile(NAME name INPUTS file... [TARGET tgt] [PREFIX p] [OUTPUT_DIR dir] [MATCHER form])
#
# Generates <dir>/<name>.h and <dir>/<name>.c (dir defaults to ${CMAKE_CURRENT_BINARY_DIR}/eventc).
# With TARGET, adds both files to tgt's sources and dir to its include directories; either way it
# sets <name>_SOURCES (the generated .c) and <name>_INCLUDE_DIR in the caller's scope. The files
# are regenerated whenever an input, or any file an input refers to ($ref'd schemas), changes:
# eventc writes a depfile that CMake hands to Ninja and Make. MATCHER passes --matcher=form
# (auto, code or tables: how the matcher dispatches on values, eventc compile --help).
function(eventc_compile)
  cmake_parse_arguments(EVC "" "NAME;PREFIX;OUTPUT_DIR;TARGET;MATCHER" "INPUTS" ${ARGN})
  if(NOT EVC_NAME OR NOT EVC_INPUTS)
    message(FATAL_ERROR "eventc_compile: NAME and INPUTS are required")
  endif()
  if(EVC_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "eventc_compile: unknown arguments: ${EVC_UNPARSED_ARGUMENTS}")
  endif()
  if(EVC_TARGET AND NOT TARGET ${EVC_TARGET})
    message(FATAL_ERROR "eventc_compile: TARGET ${EVC_TARGET} is not a target (add_executable/add_library it first)")
  endif()
  if(NOT EVENTC)
    find_program(EVENTC eventc REQUIRED)
  endif()
  if(NOT EVC_OUTPUT_DIR)
    set(EVC_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}/eventc")
  endif()
  set(prefix_args "")
  if(EVC_PREFIX)
    set(prefix_args --prefix ${EVC_PREFIX})
  endif()
  if(EVC_MATCHER)
    list(APPEND prefix_args --matcher=${EVC_MATCHER})
  endif()
  set(inputs "")
  foreach(in IN LISTS EVC_INPUTS)
    get_filename_component(abs "${in}" ABSOLUTE)
    list(APPEND inputs "${abs}")
  endforeach()
  set(h "${EVC_OUTPUT_DIR}/${EVC_NAME}.h")
  set(c "${EVC_OUTPUT_DIR}/${EVC_NAME}.c")
  set(d "${EVC_OUTPUT_DIR}/${EVC_NAME}.d")
  file(MAKE_DIRECTORY "${EVC_OUTPUT_DIR}")
  add_custom_command(
    OUTPUT "${h}" "${c}"
    COMMAND "${EVENTC}" compile -o "${EVC_OUTPUT_DIR}" --name ${EVC_NAME} ${prefix_args} --depfile "${d}" ${inputs}
    DEPENDS ${inputs}
    DEPFILE "${d}"
    COMMENT "eventc: compiling ${EVC_NAME}"
    VERBATIM)
  if(EVC_TARGET)
    target_sources(${EVC_TARGET} PRIVATE "${c}" "${h}")
    target_include_directories(${EVC_TARGET} PRIVATE "${EVC_OUTPUT_DIR}")
  endif()
  set(${EVC_NAME}_SOURCES "${c}" PARENT_SCOPE)
  set(${EVC_NAME}_INCLUDE_DIR "${EVC_OUTPUT_DIR}" PARENT_SCOPE)
endfunction()
