/*
 * api.h - the handlers of the service's API (docs/cloud-api.md), one file
 * per resource: api_products.c, api_groups.c, api_devices.c, api_images.c,
 * api_deployments.c, and the device API in api_device.c.
 */
#ifndef SPHERULE_CLOUD_API_H
#define SPHERULE_CLOUD_API_H

#include "http.h"

typedef void (*api_handler)(struct cloud_request *req, struct cloud_reply *r);

void api_product_create(struct cloud_request *req, struct cloud_reply *r);
void api_product_list(struct cloud_request *req, struct cloud_reply *r);

void api_group_create(struct cloud_request *req, struct cloud_reply *r);
void api_group_update(struct cloud_request *req, struct cloud_reply *r);
void api_group_list(struct cloud_request *req, struct cloud_reply *r);

void api_device_claim(struct cloud_request *req, struct cloud_reply *r);
void api_device_update(struct cloud_request *req, struct cloud_reply *r);
void api_device_list(struct cloud_request *req, struct cloud_reply *r);
void api_device_show(struct cloud_request *req, struct cloud_reply *r);
void api_device_targeted(struct cloud_request *req, struct cloud_reply *r);
void api_device_update_check(struct cloud_request *req, struct cloud_reply *r);
/* The claimed device of the path's {} (any case) into id: 0, or -ENOENT
 * with a 404 (or a 500) made. */
int api_path_device(struct cloud_request *req, struct cloud_reply *r, char id[65]);

/* The images of "SELECT ... FROM images i" + tail (one parameter $1) as a
 * JSON array of image objects; NULL with a 500 made on failure. */
json_t *api_image_rows(struct cloud_request *req, struct cloud_reply *r, const char *tail, const char *p1);
void api_image_add(struct cloud_request *req, struct cloud_reply *r);
void api_image_list(struct cloud_request *req, struct cloud_reply *r);
void api_image_download(struct cloud_request *req, struct cloud_reply *r);

void api_deployment_create(struct cloud_request *req, struct cloud_reply *r);
void api_deployment_list(struct cloud_request *req, struct cloud_reply *r);

void api_device_nonce(struct cloud_request *req, struct cloud_reply *r);
void api_device_checkin(struct cloud_request *req, struct cloud_reply *r);
void api_device_poll(struct cloud_request *req, struct cloud_reply *r);

/* Device certificates (api_certificates.c). */
void api_ca_certificate(struct cloud_request *req, struct cloud_reply *r);
void api_device_certificate(struct cloud_request *req, struct cloud_reply *r);
void api_device_certificates(struct cloud_request *req, struct cloud_reply *r);

#endif
