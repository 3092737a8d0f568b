/*
 * image_parse.h - what an uploaded file is (POST /v1/images): an app image
 * package (docs/image-package.md, read with pkg_open() and its manifest) or
 * an .osimage (docs/os-image.md: the signed OS description followed by each
 * part it names, in part-id order, each checked against its size and
 * SHA-256). Signatures are the devices' business (secmon checks them against
 * the keys it trusts); the service refuses what is not well formed.
 */
#ifndef SPHERULE_CLOUD_IMAGE_PARSE_H
#define SPHERULE_CLOUD_IMAGE_PARSE_H

#include <stddef.h>
#include <stdint.h>

struct cloud_image {
	char id[65];      /* SHA-256 of the file, hex */
	const char *kind; /* "os" or "app" */
	uint8_t component_id[16], image_id[16]; /* zeros for the OS */
	uint32_t version, security_version;
	uint64_t size;
	char name[49];    /* the app manifest's Name (at most 48 bytes), "os" */
};

/* 0, or -EINVAL with why set. */
int cloud_image_parse(const uint8_t *data, size_t len, struct cloud_image *img, char *why, size_t whylen);

#endif
