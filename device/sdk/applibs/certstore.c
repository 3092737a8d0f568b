/* certstore.c — the certificate store (applibs/certstore.h): not
 * implemented on Spherule yet (it comes with device authentication and the
 * network manager). Every function fails with ENOSYS. */
#include <applibs/certstore.h>

#include "applibs_errno.h"

#define NOT_YET applibs_fail(ENOSYS)

int CertStore_InstallClientCertificate(const char *identifier, const char *certBlob,
				       size_t certBlobLength, const char *privateKeyBlob,
				       size_t privateKeyBlobLength, const char *privateKeyPassword)
{
	return NOT_YET;
}

int CertStore_InstallRootCACertificate(const char *identifier, const char *certBlob,
				       size_t certBlobLength)
{
	return NOT_YET;
}

int CertStore_DeleteCertificate(const char *identifier)
{
	return NOT_YET;
}

ssize_t CertStore_GetCertificateCount(void)
{
	return NOT_YET;
}

int CertStore_GetCertificateIdentifierAt(size_t index, CertStore_Identifier *outIdentifier)
{
	return NOT_YET;
}

ssize_t CertStore_GetAvailableSpace(void)
{
	return NOT_YET;
}

int CertStore_GetCertificateSubjectName(const char *identifier,
					struct CertStore_SubjectName *outSubjectName)
{
	return NOT_YET;
}

int CertStore_GetCertificateIssuerName(const char *identifier,
				       struct CertStore_IssuerName *outIssuerName)
{
	return NOT_YET;
}

int CertStore_GetCertificateNotBefore(const char *identifier, struct tm *outNotBefore)
{
	return NOT_YET;
}

int CertStore_GetCertificateNotAfter(const char *identifier, struct tm *outNotAfter)
{
	return NOT_YET;
}

int CertStore_MoveCertificate(const char *sourceIdentifier, const char *destIdentifier)
{
	return NOT_YET;
}
