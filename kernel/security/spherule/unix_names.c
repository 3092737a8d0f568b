// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - abstract AF_UNIX names. Apps reach only their own app's
 * sockets (net.c), but the abstract namespace is shared: an app could bind
 * a name another app uses, so that app's next bind fails after a restart
 * (squatting). The first app that binds a name owns it until the system
 * stops; another app binding it is refused with EACCES. A name is kept as
 * a 64-bit SipHash of its bytes under a key drawn at boot, with its
 * owner's component id: 24 bytes a name, at most SPHERULE_UNIX_NAMES_MAX
 * names (SPHERULE_UNIX_NAMES_PER_APP per app; beyond, ENOSPC). Tasks
 * without an identity (the app manager) are not restricted nor recorded.
 */

#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/uuid.h>

#include "unix_names.h"

/**
 * struct unix_name - one abstract name and the app that owns it
 * @hash: SipHash of the name's bytes
 * @owner: the owner's component id
 */
struct unix_name {
	u64 hash;
	uuid_t owner;
};

static struct unix_name names[SPHERULE_UNIX_NAMES_MAX];
static unsigned int name_count;
static DEFINE_MUTEX(names_lock);
static siphash_key_t names_key;
static bool names_key_ready;

int spherule_unix_name_claim(const struct spherule_cred *app, const char *name, size_t len)
{
	unsigned int i, owned = 0;
	int err = 0;
	u64 hash;

	mutex_lock(&names_lock);
	if (!names_key_ready) {
		get_random_bytes(&names_key, sizeof(names_key));
		names_key_ready = true;
	}
	hash = siphash(name, len, &names_key);
	for (i = 0; i < name_count; i++) {
		if (names[i].hash == hash) {
			err = uuid_equal(&names[i].owner, &app->component_id) ? 0 : -EACCES;
			goto out;
		}
		owned += uuid_equal(&names[i].owner, &app->component_id);
	}
	if (name_count == SPHERULE_UNIX_NAMES_MAX || owned == SPHERULE_UNIX_NAMES_PER_APP) {
		err = -ENOSPC;
		goto out;
	}
	names[name_count].hash = hash;
	names[name_count].owner = app->component_id;
	name_count++;
out:
	mutex_unlock(&names_lock);
	return err;
}
