/* secure.h - libsodium behind small names: random ids, BLAKE2b, argon2id passwords. */
#ifndef DAFTAR_SECURE_H
#define DAFTAR_SECURE_H

#include <stddef.h>
#include <stdint.h>

#define SECURE_HASH_LEN 32
#define SECURE_PWHASH_MAX 128

/* Initialises libsodium and the hashing semaphore; call once before anything else. 0 or -1. */
int secure_init(void);
void secure_random(void *out, size_t n);
/* n random bytes as lowercase hex (out must hold 2n+1). */
void secure_random_hex(char *out, size_t n);
/* BLAKE2b-256 of data. */
void secure_hash(const void *data, size_t n, uint8_t out[SECURE_HASH_LEN]);
/* Hex of a digest (out holds 2*n+1). */
void secure_hex(const uint8_t *in, size_t n, char *out);
/* argon2id with at least 19 MiB and 2 passes. At most one hash per core runs at a time; callers
 * beyond that wait. Returns 0, or -1 when memory is short. */
int secure_password_hash(const char *password, char out[SECURE_PWHASH_MAX]);
/* 0 when password matches the stored hash, -1 otherwise (also on malformed hashes). */
int secure_password_verify(const char *stored, const char *password);
/* Constant-time equality. */
int secure_equal(const void *a, const void *b, size_t n);
/* Zeroes n bytes in a way the compiler may not leave out (keys, passwords). */
void secure_wipe(void *p, size_t n);

#endif
