# eventc_compile(): generate C from EventBridge rules and event schemas at build time (CMake >= 3.20).
#
#   find_program(EVENTC eventc REQUIRED)
#   include(EventcCompile)
#   eventc_compile(NAME bus INPUTS rules.yaml schemas/ticket.json [PREFIX bus] [OUTPUT_DIR dir])
#   add_executable(app main.c ${bus_SOURCES})
#   target_include_directories(app PRIVATE ${bus_INCLUDE_DIR})
#   target_link_libraries(app PRIVATE eventc)   # libeventc, e.g. from pkg_check_modules(eventc)
#
# Sets <NAME>_SOURCES (the generated .c) and <NAME>_INCLUDE_DIR. The generated files are rebuilt
# whenever an input, or any file an input refers to ($ref'd schemas), changes: eventc writes a
# depfile that CMake hands to Ninja and Make.
function(eventc_compile)
  cmake_parse_arguments(EVC "" "NAME;PREFIX;OUTPUT_DIR" "INPUTS" ${ARGN})
  if(NOT EVC_NAME OR NOT EVC_INPUTS)
    message(FATAL_ERROR "eventc_compile: NAME and INPUTS are required")
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
  set(${EVC_NAME}_SOURCES "${c}" PARENT_SCOPE)
  set(${EVC_NAME}_INCLUDE_DIR "${EVC_OUTPUT_DIR}" PARENT_SCOPE)
endfunction()
