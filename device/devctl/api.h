/* api.h — the device API's handlers (docs/device-api.md), one per method
 * and path (router.c), and what they share: asking appmgr, refusing,
 * answering, the JSON of an app. Each handler sends exactly one response
 * (or none when the host went away). */
#ifndef DEVCTL_API_H
#define DEVCTL_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exchange.h"
#include "http_response.h"

/* id: the component id of the path, NULL for a path without one. */
typedef void (*api_handler)(struct exchange *ex, const uint8_t *id);

/* api_device.c */
void api_security_state(struct exchange *ex, const uint8_t *id);
void api_device(struct exchange *ex, const uint8_t *id);
void api_secmon(struct exchange *ex, const uint8_t *id);
void api_status(struct exchange *ex, const uint8_t *id);
void api_restart(struct exchange *ex, const uint8_t *id);
void api_net(struct exchange *ex, const uint8_t *id);
/* api_apps.c */
void api_images(struct exchange *ex, const uint8_t *id);
void api_app_status(struct exchange *ex, const uint8_t *id);
void api_app_trigger(struct exchange *ex, const uint8_t *id);
void api_app_quota(struct exchange *ex, const uint8_t *id);
void api_app_memory(struct exchange *ex, const uint8_t *id);
void api_app_delete(struct exchange *ex, const uint8_t *id);
/* api_update.c */
void api_stage(struct exchange *ex, const uint8_t *id);
void api_install(struct exchange *ex, const uint8_t *id);
/* api_log.c */
void api_log(struct exchange *ex, const uint8_t *id);
void api_log_stream(struct exchange *ex, const uint8_t *id);
/* api_simulate.c: the path's number is ex->path_number */
void api_gpio_get(struct exchange *ex, const uint8_t *id);
void api_gpio_set(struct exchange *ex, const uint8_t *id);
void api_sysevent_update(struct exchange *ex, const uint8_t *id);

/* api_common.c */

/* A refusal not sent yet, its message kept past the next request. */
struct refusal {
	struct api_error e;
	char message[APPMGR_CTL_REASON_SIZE];
};

void refusal_set(struct refusal *r, int status, const char *code, const char *message);

/* Asks appmgr (ctl_call). True when it did it; otherwise false with the
 * refusal in *r (the mapped error, or 500 when appmgr did not answer). */
bool api_call(struct exchange *ex, uint16_t op, uint16_t flags, uint64_t arg, const uint8_t *id, size_t data_len,
	      struct refusal *r);
/* api_call() that sends the refusal. */
bool api_ask(struct exchange *ex, uint16_t op, uint16_t flags, uint64_t arg, const uint8_t *id, size_t data_len);
/* The last response's records of rec_size bytes (ctl_records()); NULL
 * (500 sent) when its count does not match its length. */
const void *api_records(struct exchange *ex, size_t rec_size, unsigned *count);
/* The one record of rec_size bytes of the last response, copied into out;
 * false (500 sent) when the response does not hold exactly one. */
bool api_one_record(struct exchange *ex, void *out, size_t rec_size);
/* The one app of the last response (its name NUL-terminated); false with
 * the refusal in *r when there is not exactly one. */
bool api_take_app(struct exchange *ex, struct appmgr_ctl_app *a, struct refusal *r);
/* Asks op (flags) about the app id and copies the one app of the answer
 * into a; false when refused (the refusal sent). */
bool api_ask_app(struct exchange *ex, uint16_t op, uint16_t flags, const uint8_t *id, struct appmgr_ctl_app *a);
/* Copies app record i of the last response (names NUL-terminated). */
void api_app_at(const void *records, unsigned i, struct appmgr_ctl_app *out);
void api_refuse(struct exchange *ex, int status, const char *code, const char *message);
void api_send_refusal(struct exchange *ex, const struct refusal *r);
void api_reply(struct exchange *ex, json_render render, const void *data);
/* Reads a small whole body (a JSON request) into buf[cap] with a NUL;
 * false when it was refused (413 beyond cap - 1) or could not be read. */
bool api_small_body(struct exchange *ex, char *buf, size_t cap, size_t *len);

/* An image's members: componentId, imageId, name, version. */
void api_image_members(struct json_out *j, const struct appmgr_ctl_app *a);
/* A component or image id as its UUID text. */
void json_uuid(struct json_out *j, const uint8_t id[16]);
void json_key_uuid(struct json_out *j, const char *key, const uint8_t id[16]);
/* "running", "stopped", ... for enum appmgr_ctl_state. */
const char *api_state_name(uint8_t state);

#endif
