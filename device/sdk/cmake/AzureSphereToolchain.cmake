# AzureSphereToolchain.cmake - the Spherule SDK's CMake toolchain file, under
# the name and path Azure Sphere's SDK gives it (CMakeFiles/ of the SDK), so
# that an Azure Sphere sample's own CMakePresets.json
#   "CMAKE_TOOLCHAIN_FILE": "$env{AzureSphereDefaultSDKDir}/CMakeFiles/AzureSphereToolchain.cmake"
# builds the app for Spherule: Debian's armhf gcc with the SDK's musl sysroot
# (Sysroots/<API set>), static executables, Ninja only. It chooses the API
# set (AzureSphereApiSet.cmake), sets the compiler, then defines the azsphere_*
# functions (AzureSphere.cmake); the flags are in AzureSphereFlags.cmake, which
# CMake reads once it knows the compiler. See docs/sdk.md.

get_filename_component(AZURE_SPHERE_SDK_PATH "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(AZURE_SPHERE_CMAKE_PATH "${CMAKE_CURRENT_LIST_DIR}")

if(NOT CMAKE_GENERATOR STREQUAL "Ninja")
    message(FATAL_ERROR
        "Azure Sphere CMake projects must use the Ninja generator, not \"${CMAKE_GENERATOR}\": "
        "configure with the project's preset (cmake --preset ARM-Release) or with -G Ninja "
        "(Debian package ninja-build), in a new build directory.")
endif()

include("${AZURE_SPHERE_CMAKE_PATH}/AzureSphereApiSet.cmake")
azsphere_resolve_api_set()

# Generic: the app is a static executable that needs nothing of the target's
# platform but the sysroot.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

find_program(AZURE_SPHERE_C_COMPILER arm-linux-gnueabihf-gcc)
if(NOT AZURE_SPHERE_C_COMPILER)
    message(FATAL_ERROR
        "The Spherule SDK builds apps with Debian's arm-linux-gnueabihf-gcc, which is not on the "
        "PATH: install the Debian packages gcc-arm-linux-gnueabihf and binutils-arm-linux-gnueabihf "
        "(scripts/deps.sh in the Spherule tree installs them).")
endif()
set(CMAKE_C_COMPILER "${AZURE_SPHERE_C_COMPILER}")
set(CMAKE_SYSROOT "${AZURE_SPHERE_API_SET_DIR}")
set(CMAKE_FIND_ROOT_PATH "${AZURE_SPHERE_API_SET_DIR}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Checks compile without linking: an app links only with the SDK's link flags.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES AZURE_SPHERE_TARGET_API_SET)
# The compiler's musl: the sysroot's specs (the Debian musl-gcc specs, with
# the sysroot's headers, libraries and start files).
set(CMAKE_C_FLAGS_INIT "-specs=${AZURE_SPHERE_API_SET_DIR}/usr/lib/musl-gcc.specs")
set(CMAKE_USER_MAKE_RULES_OVERRIDE_C "${AZURE_SPHERE_CMAKE_PATH}/AzureSphereFlags.cmake")

# The legacy form: CMakeLists.txt ends with INCLUDE("${AZURE_SPHERE_MAKE_IMAGE_FILE}").
set(AZURE_SPHERE_MAKE_IMAGE_FILE "${AZURE_SPHERE_CMAKE_PATH}/AzureSphereMakeImage.cmake"
    CACHE INTERNAL "The file legacy CMakeLists.txt include to make the image package")

include("${AZURE_SPHERE_CMAKE_PATH}/AzureSphere.cmake")
