# Fails when a file under src/<layer>/ includes a project header from a folder its layer may not
# use (cmake/layers.cmake), or from the composition root. Run by CTest:
#   cmake -DSOURCE_ROOT=<dir holding the layer folders> -P cmake/check_layers.cmake
# Written in CMake so the check needs nothing the build does not already have.
if(NOT SOURCE_ROOT)
  message(FATAL_ERROR "pass -DSOURCE_ROOT=<path to src>")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/layers.cmake)

set(violations "")
set(checked 0)
foreach(layer IN LISTS CATS_LAYERS)
  set(allowed ${layer} ${CATS_LAYER_${layer}_USES})
  file(GLOB_RECURSE files ${SOURCE_ROOT}/${layer}/*.cpp ${SOURCE_ROOT}/${layer}/*.hpp)
  foreach(file IN LISTS files)
    math(EXPR checked "${checked} + 1")
    file(RELATIVE_PATH shown ${SOURCE_ROOT} ${file})
    # Quoted includes, and angle-bracket ones that name a layer (src/ is on the include path,
    # so <sandbox/router.hpp> would compile too).
    file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<][^\">]+[\">]")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*([\"<])([^\">]+)[\">].*" "\\1;\\2" parsed "${line}")
      list(GET parsed 0 bracket)
      list(GET parsed 1 header)
      if(bracket STREQUAL "<")
        if(NOT header MATCHES "^([^/]+)/")
          continue()  # <vector>, <sqlite3.h>: not the project's
        endif()
        list(FIND CATS_LAYERS "${CMAKE_MATCH_1}" project_folder)
        if(project_folder EQUAL -1 AND NOT CMAKE_MATCH_1 STREQUAL CATS_COMPOSITION_ROOT)
          continue()  # <boost/json.hpp>, <curl/curl.h>
        endif()
      endif()
      if(header MATCHES "^([^/]+)/")
        set(folder ${CMAKE_MATCH_1})
      elseif(header STREQUAL "version.hpp")
        continue()  # generated constants (name, version): depends on nothing
      else()
        get_filename_component(dir ${file} DIRECTORY)
        if(EXISTS ${dir}/${header})
          continue()  # a neighbour in the same folder
        endif()
        set(folder "the composition root")  # src/backend.hpp and the like
      endif()
      list(FIND allowed "${folder}" at)
      if(at EQUAL -1)
        string(REPLACE ";" ", " may "${CATS_LAYER_${layer}_USES}")
        if(may STREQUAL "")
          set(may "may use no other layer")
        else()
          set(may "may use only ${may}")
        endif()
        string(APPEND violations "  src/${shown} includes \"${header}\": ${layer}/ ${may}\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(checked EQUAL 0)
  message(FATAL_ERROR "no source files under ${SOURCE_ROOT}: nothing was checked")
endif()
if(violations)
  message(FATAL_ERROR "includes against the layer direction (cmake/layers.cmake):\n${violations}")
endif()
message(STATUS "layers: ${checked} files include only what their layer may use")
