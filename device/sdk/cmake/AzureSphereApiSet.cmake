# AzureSphereApiSet.cmake - which API set an app is built for, and which of
# the SDK's sysroots (Sysroots/<set>) serves it. The request comes from the
# cache variable AZURE_SPHERE_TARGET_API_SET (the presets say "latest-lts"),
# else the environment variable AzureSphereTargetApiSet, else "latest-lts":
#   latest-lts    the highest numeric set installed (Sysroots/16)
#   latest-beta   the highest N+BetaM set installed
#   N             Sysroots/N if installed; else, for N below the highest set,
#                 the lowest installed set above N: Spherule's applibs keeps
#                 every function of the older API sets, so an app that pins
#                 "5", "6" or "12" builds against Sysroots/16 (with a message)
# Anything else is an error naming what is installed.

# Sets <out> to the sysroot serving API set <request> and <error> to "" (or
# <out> to "" and <error> to why none does).
function(azsphere_api_set_sysroot request out error)
    file(GLOB installed LIST_DIRECTORIES true RELATIVE "${AZURE_SPHERE_SDK_PATH}/Sysroots"
        "${AZURE_SPHERE_SDK_PATH}/Sysroots/*")
    set(numeric "")
    set(beta "")
    foreach(dir IN LISTS installed)
        if(dir MATCHES "^[0-9]+$")
            list(APPEND numeric "${dir}")
        elseif(dir MATCHES "^[0-9]+\\+Beta[0-9]+$")
            list(APPEND beta "${dir}")
        endif()
    endforeach()
    list(SORT numeric COMPARE NATURAL)
    list(SORT beta COMPARE NATURAL)
    set(found "")
    if(request STREQUAL "latest-lts" AND numeric)
        list(GET numeric -1 found)
    elseif(request STREQUAL "latest-beta" AND beta)
        list(GET beta -1 found)
    elseif(request IN_LIST numeric OR request IN_LIST beta)
        set(found "${request}")
    elseif(request MATCHES "^[1-9][0-9]*$")
        foreach(dir IN LISTS numeric)
            if(NOT found AND dir GREATER request)
                set(found "${dir}")
            endif()
        endforeach()
    endif()
    if(found)
        set(${out} "${found}" PARENT_SCOPE)
        set(${error} "" PARENT_SCOPE)
    else()
        set(${out} "" PARENT_SCOPE)
        list(APPEND numeric ${beta})
        string(REPLACE ";" ", " listed "${numeric}")
        set(${error} "this SDK (${AZURE_SPHERE_SDK_PATH}) has no API set that serves it: \
Sysroots/ holds ${listed}, and an older numeric API set is built against the lowest newer one; \
use \"latest-lts\" or one of those" PARENT_SCOPE)
    endif()
endfunction()

# Chooses the API set: AZURE_SPHERE_TARGET_API_SET_RESOLVED (the set asked
# for, "latest-*" made a number), AZURE_SPHERE_API_SET_SYSROOT (the installed
# set serving it), AZURE_SPHERE_API_SET_DIR (its sysroot), and what was asked
# and where it came from (AZURE_SPHERE_TARGET_API_SET_REQUESTED, _SOURCE).
macro(azsphere_resolve_api_set)
    if(DEFINED CACHE{AZURE_SPHERE_TARGET_API_SET} OR DEFINED AZURE_SPHERE_TARGET_API_SET)
        set(AZURE_SPHERE_TARGET_API_SET_REQUESTED "${AZURE_SPHERE_TARGET_API_SET}")
        set(AZURE_SPHERE_TARGET_API_SET_SOURCE "AZURE_SPHERE_TARGET_API_SET (the preset's cacheVariables or -D)")
    elseif(DEFINED ENV{AzureSphereTargetApiSet})
        set(AZURE_SPHERE_TARGET_API_SET_REQUESTED "$ENV{AzureSphereTargetApiSet}")
        set(AZURE_SPHERE_TARGET_API_SET_SOURCE "the environment variable AzureSphereTargetApiSet")
    else()
        set(AZURE_SPHERE_TARGET_API_SET_REQUESTED "latest-lts")
        set(AZURE_SPHERE_TARGET_API_SET_SOURCE "the default")
    endif()
    azsphere_api_set_sysroot("${AZURE_SPHERE_TARGET_API_SET_REQUESTED}" AZURE_SPHERE_API_SET_SYSROOT _as_error)
    if(_as_error)
        message(FATAL_ERROR "Unknown target API set \"${AZURE_SPHERE_TARGET_API_SET_REQUESTED}\" (from ${AZURE_SPHERE_TARGET_API_SET_SOURCE}): ${_as_error}.")
    endif()
    if(AZURE_SPHERE_TARGET_API_SET_REQUESTED MATCHES "^latest-")
        set(AZURE_SPHERE_TARGET_API_SET_RESOLVED "${AZURE_SPHERE_API_SET_SYSROOT}")
    else()
        set(AZURE_SPHERE_TARGET_API_SET_RESOLVED "${AZURE_SPHERE_TARGET_API_SET_REQUESTED}")
    endif()
    set(AZURE_SPHERE_API_SET_DIR "${AZURE_SPHERE_SDK_PATH}/Sysroots/${AZURE_SPHERE_API_SET_SYSROOT}")
    set(AS_INT_RESOLVED_API_SET "${AZURE_SPHERE_TARGET_API_SET_RESOLVED}" CACHE INTERNAL
        "The API set the app is built for")
    get_property(_as_told GLOBAL PROPERTY AZURE_SPHERE_API_SET_TOLD)
    if(NOT _as_told AND NOT AZURE_SPHERE_TARGET_API_SET_RESOLVED STREQUAL AZURE_SPHERE_API_SET_SYSROOT)
        message(STATUS "Azure Sphere API set ${AZURE_SPHERE_TARGET_API_SET_RESOLVED} is built against "
            "the SDK's API set ${AZURE_SPHERE_API_SET_SYSROOT} (Sysroots/${AZURE_SPHERE_API_SET_SYSROOT}), "
            "which keeps every function of the older sets")
        set_property(GLOBAL PROPERTY AZURE_SPHERE_API_SET_TOLD TRUE)
    endif()
    unset(_as_error)
    unset(_as_told)
endmacro()
