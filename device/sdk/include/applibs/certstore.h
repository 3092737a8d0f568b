/* applibs/certstore.h — the device's certificate store (Azure Sphere
 * applibs, same declarations). Not implemented on Spherule yet (the store
 * comes with the network manager and device authentication): every
 * function fails with ENOSYS. */
#pragma once

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include <applibs/certstore_structs.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CERTSTORE_MAX_CERT_SIZE 8192
#define CERTSTORE_MAX_PRIVATE_KEY_PASSWORD_LENGTH 256

int CertStore_InstallClientCertificate(const char *identifier, const char *certBlob,
                                       size_t certBlobLength, const char *privateKeyBlob,
                                       size_t privateKeyBlobLength, const char *privateKeyPassword);
int CertStore_InstallRootCACertificate(const char *identifier, const char *certBlob,
                                       size_t certBlobLength);
int CertStore_DeleteCertificate(const char *identifier);
ssize_t CertStore_GetCertificateCount(void);
int CertStore_GetCertificateIdentifierAt(size_t index, CertStore_Identifier *outIdentifier);
ssize_t CertStore_GetAvailableSpace(void);
int CertStore_GetCertificateSubjectName(const char *identifier,
                                        struct CertStore_SubjectName *outSubjectName);
int CertStore_GetCertificateIssuerName(const char *identifier,
                                       struct CertStore_IssuerName *outIssuerName);
int CertStore_GetCertificateNotBefore(const char *identifier, struct tm *outNotBefore);
int CertStore_GetCertificateNotAfter(const char *identifier, struct tm *outNotAfter);
int CertStore_MoveCertificate(const char *sourceIdentifier, const char *destIdentifier);

#ifdef __cplusplus
}
#endif
