/* secure.h - libsodium behind small names: random ids, BLAKE2b, argon2id passwords, Ed25519
 * signatures. */
#ifndef DAFTAR_SECURE_H
#define DAFTAR_SECURE_H

#include <stddef.h>
#include <stdint.h>

#define SECURE_HASH_LEN 32
#define SECURE_PWHASH_MAX 128
#define SECURE_SIGN_PK_LEN 32
#define SECURE_SIGN_SK_LEN 64
#define SECURE_SIGN_LEN 64

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
/* Hex (either case, exactly 2n digits) into n bytes: 0, or -1 (out unspecified). */
int secure_unhex(const char *hex, size_t hexlen, uint8_t *out, size_t n);

/* BLAKE2b-256 over several pieces: init, update as often as needed, final. */
struct secure_hasher {
	_Alignas(64) unsigned char state[384];
};
void secure_hash_init(struct secure_hasher *h);
void secure_hash_update(struct secure_hasher *h, const void *data, size_t n);
void secure_hash_final(struct secure_hasher *h, uint8_t out[SECURE_HASH_LEN]);

/* Ed25519: a new key pair; a detached signature of msg; 0 when sig is pk's signature of msg,
 * else -1. The secret key holds the public key in its second half. */
void secure_sign_keypair(uint8_t pk[SECURE_SIGN_PK_LEN], uint8_t sk[SECURE_SIGN_SK_LEN]);
void secure_sign(const uint8_t sk[SECURE_SIGN_SK_LEN], const void *msg, size_t n, uint8_t sig[SECURE_SIGN_LEN]);
int secure_sign_verify(const uint8_t pk[SECURE_SIGN_PK_LEN], const void *msg, size_t n, const uint8_t sig[SECURE_SIGN_LEN]);
/* Zeroes n bytes in a way the compiler may not leave out (keys, passwords). */
void secure_wipe(void *p, size_t n);

#endif
