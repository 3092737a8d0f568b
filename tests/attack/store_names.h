/* store_names.h — what the attack suite's storage apps share (per-app
 * storage, docs/security-model.md): their component ids (as in their
 * manifests, tests/attack/store_victim/ and store_hostile/, and in
 * test_attack.sh), where appmgr puts their storage directories, their
 * quota, and the file the storage victim keeps for the others to attack. */
#ifndef ATTACK_STORE_NAMES_H
#define ATTACK_STORE_NAMES_H

#define STORE_VICTIM_ID "e0b996e9-758c-4432-8569-e8ae6c44a83f"
#define STORE_HOSTILE_ID "efe1307a-19c4-42fc-9b6a-8d2da22a21d7"
/* A component id of no installed app. */
#define STORE_NOBODY_ID "5c0a7d31-2e94-4b1f-8c6d-3a9e0f4b7d12"

#define STORE_DATA_DIR "/mnt/data"
#define STORE_APPS_DIR STORE_DATA_DIR "/apps"
#define STORE_VICTIM_DIR STORE_APPS_DIR "/" STORE_VICTIM_ID
#define STORE_SECRET_NAME "secret"
#define STORE_VICTIM_SECRET STORE_VICTIM_DIR "/" STORE_SECRET_NAME
/* Short enough to stay inline in littlefs's metadata. */
#define STORE_SECRET_TEXT "the storage victim's secret, mode 0666\n"

/* Both apps' MutableStorage.SizeKB, in bytes. */
#define STORE_QUOTA_BYTES (8u * 1024u)

#endif
