# AzureSphere.cmake - the functions an Azure Sphere app's CMakeLists.txt
# calls, with Azure Sphere's arguments and checks (docs/sdk.md):
#   azsphere_configure_tools(TOOLS_REVISION "23.05")        optional, older samples
#   azsphere_configure_api(TARGET_API_SET "16")             optional, older samples
#   azsphere_target_hardware_definition(<target> [TARGET_DIRECTORY <dir>...]
#                                       TARGET_DEFINITION <file.json>)
#   azsphere_target_add_image_package(<target> [RESOURCE_FILES <file>...]
#                                     [APP_MANIFEST <path>] [DEBUG_LIB libmalloc])
# Each error is a FATAL_ERROR that says what is wrong and how to fix it.
# Included by AzureSphereToolchain.cmake, which has set AZURE_SPHERE_SDK_PATH
# and the API set (AzureSphereApiSet.cmake).

# Fails unless the function's arguments were all understood.
macro(_azsphere_no_other_arguments function usage)
    if(ARG_UNPARSED_ARGUMENTS OR ARG_KEYWORDS_MISSING_VALUES)
        message(FATAL_ERROR "${function}: unexpected or empty argument(s) "
            "\"${ARG_UNPARSED_ARGUMENTS}${ARG_KEYWORDS_MISSING_VALUES}\"; usage: ${usage}")
    endif()
endmacro()

# Fails unless the arguments were all understood and target is one.
macro(_azsphere_target_arguments function usage target)
    _azsphere_no_other_arguments(${function} "${usage}")
    if(NOT TARGET "${target}")
        message(FATAL_ERROR "${function}: \"${target}\" is not a target: call it after "
            "add_executable(${target} ...); usage: ${usage}")
    endif()
endmacro()

# The value of the one keyword argument (required) of fn, from fn's arguments.
function(_azsphere_one_value fn keyword example out)
    set(usage "${fn}(${keyword} \"${example}\")")
    cmake_parse_arguments(ARG "" "${keyword}" "" ${ARGN})
    _azsphere_no_other_arguments(${fn} "${usage}")
    if(NOT DEFINED ARG_${keyword})
        message(FATAL_ERROR "${fn}: ${keyword} is required; usage: ${usage}")
    endif()
    set(${out} "${ARG_${keyword}}" PARENT_SCOPE)
endfunction()

function(azsphere_configure_tools)
    _azsphere_one_value(azsphere_configure_tools TOOLS_REVISION 23.05 ARG_TOOLS_REVISION ${ARGN})
    if(NOT ARG_TOOLS_REVISION MATCHES "^[0-9][0-9]\\.[0-9][0-9]")
        message(FATAL_ERROR "azsphere_configure_tools: TOOLS_REVISION \"${ARG_TOOLS_REVISION}\" is not "
            "a tools revision (YY.MM, such as \"23.05\")")
    endif()
    if(DEFINED AZURE_SPHERE_TARGET_HARDWARE_DEFINITION OR
       DEFINED AZURE_SPHERE_TARGET_HARDWARE_DEFINITION_DIRECTORY)
        message(FATAL_ERROR "azsphere_configure_tools: the cache variables "
            "AZURE_SPHERE_TARGET_HARDWARE_DEFINITION(_DIRECTORY) belong to the older form (CMakeLists.txt "
            "that INCLUDE(\"\${AZURE_SPHERE_MAKE_IMAGE_FILE}\")): remove them from the preset or the "
            "cache and call azsphere_target_hardware_definition() instead")
    endif()
    set_property(GLOBAL PROPERTY AZURE_SPHERE_TOOLS_REVISION "${ARG_TOOLS_REVISION}")
endfunction()

function(azsphere_configure_api)
    _azsphere_one_value(azsphere_configure_api TARGET_API_SET 16 ARG_TARGET_API_SET ${ARGN})
    set(resolved "${AZURE_SPHERE_TARGET_API_SET_RESOLVED}")
    if(NOT ARG_TARGET_API_SET STREQUAL resolved)
        azsphere_api_set_sysroot("${ARG_TARGET_API_SET}" sysroot error)
        if(error)
            set(error "; ${error}")
        endif()
        if(NOT sysroot STREQUAL AZURE_SPHERE_API_SET_SYSROOT)
            message(FATAL_ERROR "azsphere_configure_api: TARGET_API_SET \"${ARG_TARGET_API_SET}\" in "
                "CMakeLists.txt does not match the API set the build was configured for, "
                "\"${resolved}\" (\"${AZURE_SPHERE_TARGET_API_SET_REQUESTED}\" from ${AZURE_SPHERE_TARGET_API_SET_SOURCE}, "
                "Sysroots/${AZURE_SPHERE_API_SET_SYSROOT})${error}. Fix: make them agree, by "
                "changing TARGET_API_SET in CMakeLists.txt or AZURE_SPHERE_TARGET_API_SET in "
                "CMakePresets.json (then configure a new build directory).")
        endif()
        message(STATUS "azsphere_configure_api: API set ${ARG_TARGET_API_SET} (CMakeLists.txt) and "
            "${resolved} (AZURE_SPHERE_TARGET_API_SET) are both built against "
            "Sysroots/${AZURE_SPHERE_API_SET_SYSROOT}")
    endif()
    set_property(GLOBAL PROPERTY AZURE_SPHERE_CONFIGURED_API_SET "${ARG_TARGET_API_SET}")
endfunction()

# A directory argument relative to the source directory, made absolute.
function(_azsphere_absolute_dir dir out)
    if(IS_ABSOLUTE "${dir}")
        set(${out} "${dir}" PARENT_SCOPE)
    else()
        get_filename_component(abs "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
        set(${out} "${abs}" PARENT_SCOPE)
    endif()
endfunction()

function(azsphere_target_hardware_definition target)
    set(fn azsphere_target_hardware_definition)
    string(CONCAT usage "${fn}(<target> [TARGET_DIRECTORY <dir>...] TARGET_DEFINITION <file.json>)")
    cmake_parse_arguments(PARSE_ARGV 1 ARG "" "TARGET_DEFINITION" "TARGET_DIRECTORY")
    _azsphere_target_arguments(${fn} "${usage}" "${target}")
    if(NOT DEFINED ARG_TARGET_DEFINITION)
        message(FATAL_ERROR "${fn}: TARGET_DEFINITION is required; usage: ${usage}")
    endif()
    if(NOT ARG_TARGET_DEFINITION MATCHES "\\.json$")
        message(FATAL_ERROR "${fn}: TARGET_DEFINITION \"${ARG_TARGET_DEFINITION}\" is not a hardware "
            "definition file: its name must end in .json (such as \"sample_appliance.json\")")
    endif()
    set(dirs "")
    foreach(dir IN LISTS ARG_TARGET_DIRECTORY)
        _azsphere_absolute_dir("${dir}" abs)
        if(dir MATCHES "-NOTFOUND$" OR NOT IS_DIRECTORY "${abs}")
            message(FATAL_ERROR "${fn}: TARGET_DIRECTORY \"${dir}\" is not a directory (relative "
                "directories are in ${CMAKE_CURRENT_SOURCE_DIR}; \"-NOTFOUND\" means the find_path() "
                "that looked for ${ARG_TARGET_DEFINITION} found it nowhere): name the directory "
                "holding ${ARG_TARGET_DEFINITION} and its inc/hw/")
        endif()
        if(NOT IS_DIRECTORY "${abs}/inc/hw")
            message(FATAL_ERROR "${fn}: TARGET_DIRECTORY \"${dir}\" has no inc/hw/ for the "
                "definitions' headers: make them with 'spherule hardware-definition generate-header "
                "--hardware-definition-file ${abs}/<name>.json'")
        endif()
        list(APPEND dirs "${abs}")
    endforeach()
    set(sdk_dir "${AZURE_SPHERE_SDK_PATH}/HardwareDefinitions")
    set(found "")
    foreach(dir IN LISTS dirs sdk_dir)
        if(NOT found AND EXISTS "${dir}/${ARG_TARGET_DEFINITION}")
            set(found "${dir}/${ARG_TARGET_DEFINITION}")
        endif()
    endforeach()
    if(NOT found)
        list(APPEND dirs "${sdk_dir}")
        string(REPLACE ";" ", " searched "${dirs}")
        message(FATAL_ERROR "${fn}: hardware definition ${ARG_TARGET_DEFINITION} not found in "
            "${searched}: give TARGET_DIRECTORY the directory that holds it (a sample keeps its own "
            "in HardwareDefinitions/<board>/), or name one of the SDK's (mt3620_rdb.json, "
            "qemu_armv7.json, mt3620_rdb/sample_appliance.json, qemu_armv7/sample_appliance.json)")
    endif()
    get_filename_component(found_dir "${found}" DIRECTORY)
    get_filename_component(name "${found}" NAME_WLE)
    if(NOT EXISTS "${found_dir}/inc/hw/${name}.h")
        message(FATAL_ERROR "${fn}: ${found} has no header ${found_dir}/inc/hw/${name}.h: make it "
            "with 'spherule hardware-definition generate-header --hardware-definition-file ${found}'")
    endif()
    set(includes "")
    foreach(dir IN LISTS dirs found_dir)
        list(APPEND includes "${dir}/inc")
    endforeach()
    list(REMOVE_DUPLICATES includes)
    target_include_directories(${target} SYSTEM PUBLIC ${includes} "${sdk_dir}/inc" "${sdk_dir}/inc/hw")
    set_property(TARGET ${target} PROPERTY AZURE_SPHERE_HARDWARE_DEFINITION "${found}")
endfunction()

# The image package's preconditions on the configure calls (Azure Sphere's).
function(_azsphere_check_configuration fn)
    get_property(tools GLOBAL PROPERTY AZURE_SPHERE_TOOLS_REVISION)
    get_property(api GLOBAL PROPERTY AZURE_SPHERE_CONFIGURED_API_SET)
    if(tools AND NOT api)
        message(FATAL_ERROR "${fn}: the target API set was not configured: CMakeLists.txt calls "
            "azsphere_configure_tools() but not azsphere_configure_api(); add "
            "azsphere_configure_api(TARGET_API_SET \"${AZURE_SPHERE_TARGET_API_SET_RESOLVED}\") after "
            "it, or remove both (AZURE_SPHERE_TARGET_API_SET of the preset then chooses)")
    endif()
endfunction()

# RESOURCE_FILES: relative paths of existing files in the source directory.
function(_azsphere_check_resources fn)
    foreach(file IN LISTS ARGN)
        if(IS_ABSOLUTE "${file}" OR file MATCHES "(^|/)\\.\\.(/|$)")
            message(FATAL_ERROR "${fn}: RESOURCE_FILES \"${file}\": give it relative to "
                "${CMAKE_CURRENT_SOURCE_DIR}, without \"..\": it goes to the same path in the package")
        endif()
        if(NOT EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${file}" OR IS_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/${file}")
            message(FATAL_ERROR "${fn}: RESOURCE_FILES \"${file}\": no such file in ${CMAKE_CURRENT_SOURCE_DIR}")
        endif()
    endforeach()
endfunction()

set(SPHERULE_DEBUG_PACKAGE OFF CACHE BOOL
    "Pack a debug build (spherule image-package pack-application --debug): on a device in development mode it waits for the debugger")

function(azsphere_target_add_image_package target)
    set(fn azsphere_target_add_image_package)
    string(CONCAT usage "${fn}(<target> [RESOURCE_FILES <file>...] [APP_MANIFEST <path>] "
        "[DEBUG_LIB libmalloc])")
    cmake_parse_arguments(PARSE_ARGV 1 ARG "" "APP_MANIFEST;DEBUG_LIB" "RESOURCE_FILES")
    _azsphere_target_arguments(${fn} "${usage}" "${target}")
    _azsphere_check_configuration(${fn})
    if(DEFINED ARG_DEBUG_LIB)
        if(NOT ARG_DEBUG_LIB STREQUAL "libmalloc")
            message(FATAL_ERROR "${fn}: DEBUG_LIB \"${ARG_DEBUG_LIB}\": the only debug library is "
                "libmalloc; usage: ${usage}")
        endif()
        if(AZURE_SPHERE_TARGET_API_SET_RESOLVED MATCHES "^[0-9]+$" AND AZURE_SPHERE_TARGET_API_SET_RESOLVED LESS 10)
            message(FATAL_ERROR "${fn}: DEBUG_LIB libmalloc needs API set 10 or later, and this build "
                "targets ${AZURE_SPHERE_TARGET_API_SET_RESOLVED}")
        endif()
        message(STATUS "${fn}: DEBUG_LIB libmalloc: apps on Spherule are static, with musl's malloc "
            "built in; there is no separate debug malloc library to add")
    endif()
    if(NOT DEFINED ARG_APP_MANIFEST)
        set(ARG_APP_MANIFEST "${CMAKE_CURRENT_SOURCE_DIR}/app_manifest.json")
    endif()
    get_filename_component(manifest "${ARG_APP_MANIFEST}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${manifest}")
        message(FATAL_ERROR "${fn}: no app manifest ${manifest}: write app_manifest.json next to "
            "CMakeLists.txt or name it with APP_MANIFEST")
    endif()
    _azsphere_check_resources(${fn} ${ARG_RESOURCE_FILES})
    get_property(hwdef TARGET ${target} PROPERTY AZURE_SPHERE_HARDWARE_DEFINITION)

    set_target_properties(${target} PROPERTIES OUTPUT_NAME "${target}.out")
    set(package "${CMAKE_BINARY_DIR}/${target}.imagepackage")
    set(settings "${CMAKE_CURRENT_BINARY_DIR}/${target}.imagepackage.cmake")
    set(resources "")
    foreach(file IN LISTS ARG_RESOURCE_FILES)
        list(APPEND resources "${CMAKE_CURRENT_SOURCE_DIR}/${file}")
    endforeach()
    file(GENERATE OUTPUT "${settings}" CONTENT
"# What ${AZURE_SPHERE_CMAKE_PATH}/AzureSphereImagePackage.cmake packs for ${target}.
set(AS_EXECUTABLE \"$<TARGET_FILE:${target}>\")
set(AS_STRIP \"${CMAKE_STRIP}\")
set(AS_APPROOT \"${CMAKE_BINARY_DIR}/approot${target}\")
set(AS_SOURCE_DIR \"${CMAKE_CURRENT_SOURCE_DIR}\")
set(AS_RESOURCE_FILES \"${ARG_RESOURCE_FILES}\")
set(AS_MANIFEST \"${manifest}\")
set(AS_HARDWARE_DEFINITION \"${hwdef}\")
set(AS_PACKAGE \"${package}\")
set(AS_DEBUG_PACKAGE \"${SPHERULE_DEBUG_PACKAGE}\")
set(AS_SDK \"${AZURE_SPHERE_SDK_PATH}\")
")
    add_custom_command(OUTPUT "${package}"
        COMMAND "${CMAKE_COMMAND}" -DAS_SETTINGS=${settings}
                -P "${AZURE_SPHERE_CMAKE_PATH}/AzureSphereImagePackage.cmake"
        DEPENDS ${target} "${settings}" "${manifest}" ${hwdef} ${resources}
                "${AZURE_SPHERE_CMAKE_PATH}/AzureSphereImagePackage.cmake"
        COMMENT "Packing ${target}.imagepackage"
        VERBATIM)
    add_custom_target(MakeImage ALL DEPENDS "${package}")
endfunction()
