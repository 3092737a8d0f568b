# server_ca.cmake — the CA certificate an example that talks to a server
# trusts (https_get, mutual_tls), a build input packed as a resource file:
#
#   include(../common/server_ca.cmake)
#   example_server_ca(<VARIABLE> <RESOURCE>)
#
# The cache variable <VARIABLE> (else the environment variable of that
# name), when set, names a PEM file that configuring copies to <RESOURCE>
# (a path in the example's directory, such as certs/ca.pem); when neither
# is set, <RESOURCE> must be there already, or configuring stops saying
# how to give it.
function(example_server_ca variable resource)
    set(${variable} "" CACHE FILEPATH
        "The CA certificate (PEM) the app trusts, copied to ${resource} and packed (empty: the environment variable ${variable})")
    set(ca_cert "${${variable}}")
    if(NOT ca_cert)
        set(ca_cert "$ENV{${variable}}")
    endif()
    if(ca_cert)
        if(NOT EXISTS "${ca_cert}")
            message(FATAL_ERROR "${variable}: no such file ${ca_cert}")
        endif()
        configure_file("${ca_cert}" "${CMAKE_CURRENT_SOURCE_DIR}/${resource}" COPYONLY)
    elseif(NOT EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${resource}")
        message(FATAL_ERROR "no CA certificate: put the PEM certificate of the CA that signed the "
            "server's certificate in ${resource}, or name it with -D${variable}=<file> (or the "
            "environment variable ${variable})")
    endif()
endfunction()
