/* applibs/certstore_structs.h — certificate names (Azure Sphere applibs,
 * same layout), used by certstore.h and wificonfig.h. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#define CERTSTORE_MAX_IDENTIFIER_LENGTH 16
#define CERTSTORE_SUBJECTNAME_MAX_LENGTH 300
#define CERTSTORE_ISSUERNAME_MAX_LENGTH 300

typedef struct CertStore_Identifier {
    char identifier[CERTSTORE_MAX_IDENTIFIER_LENGTH + 1]; /* NUL-terminated */
} CertStore_Identifier;

typedef struct CertStore_SubjectName {
    char name[CERTSTORE_SUBJECTNAME_MAX_LENGTH + 1];
} CertStore_SubjectName;

typedef struct CertStore_IssuerName {
    char name[CERTSTORE_ISSUERNAME_MAX_LENGTH + 1];
} CertStore_IssuerName;

#ifdef __cplusplus
}
#endif
