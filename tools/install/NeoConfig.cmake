# The Neo compiler for CMake builds, as `bazel run //:install -- PREFIX` lays it out.
# With -DCMAKE_PREFIX_PATH=PREFIX, find_package(Neo REQUIRED) gives:
#
#   Neo::kernels   the library generated code links, with its headers (oneDNN, XNNPACK,
#                  libgomp and libjpeg come along as Debian's shared libraries)
#   NEO_NEOC       the path of neoc
#   neo_add_model(<target> MODEL <file> FRAMEWORK <onnx|pytorch|tensorflow|mxnet|xgboost>
#                 [DATA_SHAPE <json>] [NEO_TARGET <ml_c5 ...>] [CPP_CLASS <ns::Class>]
#                 [HEADER_PATH <dir/name.h>] [SHARDS <n>] [NEOC_ARGS <flag>...])
#                  runs neoc at build time (again whenever the model or neoc changes) and
#                  makes <target> a static library of the generated code. Its header is
#                  <target>.h, or HEADER_PATH (whose file name then names the generated
#                  files), on <target>'s include path. The arguments mean what neoc's
#                  flags of the same names do (neoc --help).
#
# neo_add_model needs the assembler for the weights: project(<name> CXX ASM).
cmake_minimum_required(VERSION 3.16)

get_filename_component(_neo_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(NEO_NEOC "${_neo_prefix}/bin/neoc")

if(NOT TARGET Neo::kernels)
  add_library(Neo::kernels SHARED IMPORTED)
  set_target_properties(Neo::kernels PROPERTIES
    IMPORTED_LOCATION "${_neo_prefix}/lib/libneo_kernels.so"
    INTERFACE_INCLUDE_DIRECTORIES "${_neo_prefix}/include"
    INTERFACE_COMPILE_FEATURES cxx_std_17)
endif()

function(neo_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 NEO
    "" "MODEL;FRAMEWORK;DATA_SHAPE;NEO_TARGET;CPP_CLASS;HEADER_PATH;SHARDS" "NEOC_ARGS")
  if(NEO_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "neo_add_model(${target}): unknown arguments ${NEO_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT NEO_MODEL OR NOT NEO_FRAMEWORK)
    message(FATAL_ERROR "neo_add_model(${target}) needs MODEL and FRAMEWORK")
  endif()
  get_filename_component(model "${NEO_MODEL}" ABSOLUTE)
  if(NOT NEO_HEADER_PATH)
    set(NEO_HEADER_PATH "${target}.h")
  endif()
  # neoc writes <stem>.h, <stem>.cc, ... into one folder: the header's folder, under a
  # folder of the target's own, so two models may have headers of the same name.
  get_filename_component(stem "${NEO_HEADER_PATH}" NAME_WE)
  set(include_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}_neo")
  get_filename_component(out "${include_dir}/${NEO_HEADER_PATH}" DIRECTORY)

  set(flags --framework=${NEO_FRAMEWORK} --model=${model} --name=${stem}
            --output_dir=${out} --header_path=${NEO_HEADER_PATH} --progress=never)
  if(DEFINED NEO_DATA_SHAPE)
    list(APPEND flags "--data_shape=${NEO_DATA_SHAPE}")
  endif()
  if(NEO_NEO_TARGET)
    list(APPEND flags --target=${NEO_NEO_TARGET})
  endif()
  if(NEO_CPP_CLASS)
    list(APPEND flags --cpp_class=${NEO_CPP_CLASS})
  endif()

  set(sources "${out}/${stem}.cc")
  set(outputs "${out}/${stem}.h" "${out}/${stem}.cc")
  if(NEO_FRAMEWORK STREQUAL "xgboost")
    # Tree ensembles: the trees in SHARDS source files, no weights blob.
    if(NOT NEO_SHARDS)
      set(NEO_SHARDS 1)
    endif()
    list(APPEND flags --shards=${NEO_SHARDS})
    math(EXPR last "${NEO_SHARDS} - 1")
    foreach(k RANGE ${last})
      list(APPEND sources "${out}/${stem}_trees_${k}.cc")
      list(APPEND outputs "${out}/${stem}_trees_${k}.cc")
    endforeach()
  else()
    if(NOT CMAKE_ASM_COMPILER_LOADED)
      message(FATAL_ERROR "neo_add_model(${target}) assembles the weights: "
                          "declare project(<name> CXX ASM)")
    endif()
    list(APPEND flags --incbin_path=${out}/${stem}_weights.bin)
    list(APPEND sources "${out}/${stem}_weights.S")
    list(APPEND outputs "${out}/${stem}_weights.S" "${out}/${stem}_weights.bin")
    set_source_files_properties("${out}/${stem}_weights.S" PROPERTIES
      OBJECT_DEPENDS "${out}/${stem}_weights.bin")
  endif()

  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out}
    COMMAND ${NEO_NEOC} ${flags} ${NEO_NEOC_ARGS}
    DEPENDS "${model}" "${NEO_NEOC}"
    COMMENT "neoc: compiling ${NEO_MODEL} (${NEO_FRAMEWORK}) into ${target}"
    VERBATIM)
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} PUBLIC "${include_dir}")
  target_link_libraries(${target} PUBLIC Neo::kernels)
  target_compile_features(${target} PUBLIC cxx_std_17)
endfunction()
