# AzureSphereImagePackage.cmake - the build step of
# azsphere_target_add_image_package(), run as
#   cmake -DAS_SETTINGS=<target>.imagepackage.cmake -P AzureSphereImagePackage.cmake
# It lays out the approot (bin/app: the executable, stripped; the resource
# files at their paths), then packs and signs it with the SDK's CLI,
#   Tools/bin/spherule image-package pack-application
# with the key of the environment variable SPHERULE_SIGNING_KEY, else the
# SDK's Keys/development.key (the development key of the Spherule tree that
# made the SDK). The settings file says what (AzureSphere.cmake writes it).

include("${AS_SETTINGS}")

file(REMOVE_RECURSE "${AS_APPROOT}")
file(MAKE_DIRECTORY "${AS_APPROOT}/bin")
execute_process(COMMAND "${AS_STRIP}" --strip-unneeded -o "${AS_APPROOT}/bin/app" "${AS_EXECUTABLE}"
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "could not strip ${AS_EXECUTABLE} into ${AS_APPROOT}/bin/app (${AS_STRIP}: ${rc})")
endif()
foreach(file IN LISTS AS_RESOURCE_FILES)
    get_filename_component(dir "${AS_APPROOT}/${file}" DIRECTORY)
    file(MAKE_DIRECTORY "${dir}")
    file(COPY "${AS_SOURCE_DIR}/${file}" DESTINATION "${dir}")
endforeach()

if(DEFINED ENV{SPHERULE_SIGNING_KEY} AND NOT "$ENV{SPHERULE_SIGNING_KEY}" STREQUAL "")
    set(key "$ENV{SPHERULE_SIGNING_KEY}")
    set(key_origin "the environment variable SPHERULE_SIGNING_KEY")
else()
    set(key "${AS_SDK}/Keys/development.key")
    set(key_origin "the SDK's development key, a link to the development key of the Spherule tree that made the SDK")
endif()
if(NOT EXISTS "${key}")
    message(FATAL_ERROR "no signing key ${key} (${key_origin}): set SPHERULE_SIGNING_KEY to a key from "
        "'spherule keygen', or run 'make sdk' in the Spherule tree again (it makes out/keys/development.key)")
endif()

set(cli "${AS_SDK}/Tools/bin/spherule")
set(args image-package pack-application --package-directory "${AS_APPROOT}" --manifest "${AS_MANIFEST}"
    --key "${key}" --output "${AS_PACKAGE}")
if(AS_HARDWARE_DEFINITION)
    list(APPEND args --hardware-definition "${AS_HARDWARE_DEFINITION}")
endif()
if(AS_DEBUG_PACKAGE)
    list(APPEND args --debug)
endif()
# The packer resolves a definition's Imports next to it, then in the SDK's
# HardwareDefinitions/: it finds the SDK by AzureSphereDefaultSDKDir.
execute_process(COMMAND "${CMAKE_COMMAND}" -E env "AzureSphereDefaultSDKDir=${AS_SDK}" "${cli}" ${args}
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${cli} image-package pack-application failed (above)")
endif()
