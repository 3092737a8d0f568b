/* tlsutils/deviceauth.h — where an app finds its device authentication
 * certificate for mutual TLS (Azure Sphere tlsutils, libtlsutils.a: link
 * `tlsutils`). The certificate is the one the tenant's CA issued to the
 * device (docs/cloud.md, "Device certificates"): ECDSA P-256, CN = the
 * device id, valid 24 hours, renewed by the device before it expires. An
 * app reads it only when its manifest names the tenant in
 * "DeviceAuthentication"; Application_IsDeviceAuthReady (applibs/
 * application.h) says whether one of that tenant is there and valid now.
 *
 * Unlike Azure Sphere, whose key stays in the security hardware and signs
 * through the wolfSSL/curl hooks of deviceauth_curl.h, Spherule keeps a
 * P-256 key per certificate, made on the device (never sent anywhere) and
 * replaced with each certificate: the app loads it from a file, with any
 * TLS library (the SDK's mbedTLS: mbedtls_x509_crt_parse_file and
 * mbedtls_pk_parse_keyfile). deviceauth_curl.h (DeviceAuth_CurlSslFunc,
 * DeviceAuth_SslCtxFunc) is not provided: the SDK has no curl or wolfSSL.
 * See docs/sdk.md, "tlsutils". */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* The path of the device's certificate (PEM): always
 * "/mnt/data/deviceauth/device.pem", whether or not a certificate is there
 * (ask Application_IsDeviceAuthReady). The file holds the certificate
 * followed by its private key; a renewal replaces it whole (a rename), so
 * reading both from it at once never pairs a new certificate with an old
 * key. Load it again for each connection to use the newest. */
const char *DeviceAuth_GetCertificatePath(void);

/* A Spherule extension: the path of the certificate's private key (PEM "EC
 * PRIVATE KEY", P-256): the same file as DeviceAuth_GetCertificatePath's,
 * where the key follows the certificate. */
const char *DeviceAuth_GetPrivateKeyPath(void);

/* A Spherule extension: the path of the certificate's chain (PEM): the
 * tenant CA certificate that issued it, "/mnt/data/deviceauth/chain.pem". */
const char *DeviceAuth_GetCertificateChainPath(void);

#ifdef __cplusplus
}
#endif
