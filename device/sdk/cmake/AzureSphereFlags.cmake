# AzureSphereFlags.cmake - the compile and link flags of an app, read by CMake
# once it knows the compiler (CMAKE_USER_MAKE_RULES_OVERRIDE_C, set by
# AzureSphereToolchain.cmake), so that they replace CMake's defaults for each
# build type. They are Azure Sphere's, but for static executables: -static
# instead of -pie (the sysroot's musl is static only) and no -fPIC.

string(APPEND CMAKE_C_FLAGS_INIT
    " -march=armv7ve -mthumb -mfpu=neon-vfpv4 -mfloat-abi=hard -mcpu=cortex-a7"
    " -std=c11 -D_POSIX_C_SOURCE"
    " -ffunction-sections -fdata-sections -fno-strict-aliasing -fno-omit-frame-pointer -fno-exceptions"
    " -fstack-protector-strong"
    " -Wall -Wstrict-prototypes -Wswitch -Wempty-body -Wconversion -Wreturn-type -Wparentheses"
    " -Wno-pointer-sign -Wno-format -Wuninitialized -Wunreachable-code -Wunused-function"
    " -Wunused-value -Wunused-variable -Werror=implicit-function-declaration")
set(CMAKE_C_FLAGS_DEBUG_INIT "-ggdb -O0")
set(CMAKE_C_FLAGS_RELEASE_INIT "-g1 -Os")
# -u pulls applibs' crash handler (its constructor) out of libapplibs.a, which
# nothing else references (docs/sdk.md, "Crash reports").
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-nodefaultlibs -static -Wl,--no-undefined -Wl,--gc-sections -Wl,-u,applibs_crash_handler_install")
# After the libraries the app names (applibs gcc_s c, pthread): musl and
# libgcc once more, as a group, since static archives are searched in order.
set(CMAKE_C_STANDARD_LIBRARIES_INIT "-Wl,--start-group -lc -lgcc -lgcc_eh -Wl,--end-group")
