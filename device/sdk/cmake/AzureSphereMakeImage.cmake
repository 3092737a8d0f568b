# AzureSphereMakeImage.cmake - the older form of an app's CMakeLists.txt,
#   add_executable(${PROJECT_NAME} ...)
#   INCLUDE("${AZURE_SPHERE_MAKE_IMAGE_FILE}")
# with the hardware definition in the cache variables
# AZURE_SPHERE_TARGET_HARDWARE_DEFINITION_DIRECTORY and
# AZURE_SPHERE_TARGET_HARDWARE_DEFINITION (CMakeSettings.json or -D): the
# same as azsphere_target_hardware_definition() and
# azsphere_target_add_image_package() on the project's executable.

if(DEFINED AZURE_SPHERE_TARGET_HARDWARE_DEFINITION_DIRECTORY OR DEFINED AZURE_SPHERE_TARGET_HARDWARE_DEFINITION)
    if(NOT AZURE_SPHERE_TARGET_HARDWARE_DEFINITION_DIRECTORY OR NOT AZURE_SPHERE_TARGET_HARDWARE_DEFINITION)
        message(FATAL_ERROR "AZURE_SPHERE_TARGET_HARDWARE_DEFINITION_DIRECTORY "
            "(\"${AZURE_SPHERE_TARGET_HARDWARE_DEFINITION_DIRECTORY}\") and "
            "AZURE_SPHERE_TARGET_HARDWARE_DEFINITION (\"${AZURE_SPHERE_TARGET_HARDWARE_DEFINITION}\") "
            "go together: set both (the directory holding the definition, and its file name), or neither")
    endif()
    azsphere_target_hardware_definition(${PROJECT_NAME}
        TARGET_DIRECTORY "${AZURE_SPHERE_TARGET_HARDWARE_DEFINITION_DIRECTORY}"
        TARGET_DEFINITION "${AZURE_SPHERE_TARGET_HARDWARE_DEFINITION}")
endif()
azsphere_target_add_image_package(${PROJECT_NAME})
