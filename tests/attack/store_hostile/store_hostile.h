/* store_hostile.h — the storage hostile app's cases (per-app storage,
 * docs/security-model.md), in three tables: its own directory
 * (cases_own.c), the storage victim's directory and the rest of the data
 * partition (cases_other.c), and its quota (cases_quota.c). */
#ifndef ATTACK_STORE_HOSTILE_H
#define ATTACK_STORE_HOSTILE_H

#include "hostile/attack.h"
#include "store_names.h"

#define OWN_DIR STORE_APPS_DIR "/" STORE_HOSTILE_ID
#define OWN_FILE OWN_DIR "/own"   /* a file of its own, kept until the quota cases */
#define OWN_FILE_TEXT "the storage hostile app's own file\n"

/* Removes every entry of its directory (files and empty directories). */
int own_dir_empty(void);

extern const struct attack_case own_cases[], other_cases[], quota_cases[];
extern const unsigned own_case_count, other_case_count, quota_case_count;

#endif
