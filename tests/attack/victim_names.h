/* victim_names.h — the abstract AF_UNIX socket names the victim app binds
 * and the hostile app tries to reach. */
#ifndef ATTACK_VICTIM_NAMES_H
#define ATTACK_VICTIM_NAMES_H

#define VICTIM_STREAM_NAME "spherule-attack-victim"
#define VICTIM_DGRAM_NAME "spherule-attack-victim-dgram"

#endif
