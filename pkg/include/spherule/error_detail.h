/*
 * error_detail.h - the reason for a human that a library function gives its
 * caller when it fails. Functions of pkg/ and pkg/cramfs/ return 0 (or a
 * count) on success and a negative errno on failure; the errno is for the
 * program, the text in the caller's struct error_detail is for the person
 * reading the log or the terminal. The buffer is fixed: nothing is allocated.
 */
#ifndef SPHERULE_ERROR_DETAIL_H
#define SPHERULE_ERROR_DETAIL_H

/* Bytes of a message, its NUL included; a longer one is cut. Room for a host
 * path and its reason (the cramfs builder names files by their host path). */
#define ERROR_DETAIL_SIZE 512u

struct error_detail {
	char msg[ERROR_DETAIL_SIZE];
};

/* Formats the message into d->msg (nothing when d is NULL) and returns code,
 * so that a failing function ends with `return error_detail_set(err, -EINVAL,
 * "...", ...);`. */
int error_detail_set(struct error_detail *d, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
