/* secure.c - libsodium wrappers (a streaming BLAKE2b, Ed25519 signatures); password hashing is bounded to one hash per core at a time so a
 * burst of logins cannot exhaust memory (each argon2id hash holds 19 MiB while it runs). */
#include <semaphore.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "lib/secure.h"
#include "lib/banned.h"

#define PW_MEMLIMIT ((size_t)19 << 20)
#define PW_OPSLIMIT 2

static sem_t pw_sem;
static int pw_sem_ready;

int secure_init(void)
{
	long cores;
	if (sodium_init() < 0)
		return -1;
	if (!pw_sem_ready) {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		if (cores < 1)
			cores = 1;
		if (sem_init(&pw_sem, 0, (unsigned)cores) < 0)
			return -1;
		pw_sem_ready = 1;
	}
	return 0;
}

void secure_random(void *out, size_t n) { randombytes_buf(out, n); }

void secure_hex(const uint8_t *in, size_t n, char *out) { sodium_bin2hex(out, 2 * n + 1, in, n); }

void secure_random_hex(char *out, size_t n)
{
	uint8_t b[64];
	if (n > sizeof b)
		n = sizeof b;
	randombytes_buf(b, n);
	secure_hex(b, n, out);
}

void secure_hash(const void *data, size_t n, uint8_t out[SECURE_HASH_LEN])
{
	crypto_generichash(out, SECURE_HASH_LEN, data, n, NULL, 0);
}

int secure_password_hash(const char *password, char out[SECURE_PWHASH_MAX])
{
	int rc;
	while (sem_wait(&pw_sem) < 0)
		;
	rc = crypto_pwhash_str_alg(out, password, strlen(password), PW_OPSLIMIT, PW_MEMLIMIT,
				   crypto_pwhash_ALG_ARGON2ID13);
	sem_post(&pw_sem);
	return rc == 0 ? 0 : -1;
}

int secure_password_verify(const char *stored, const char *password)
{
	int rc;
	while (sem_wait(&pw_sem) < 0)
		;
	rc = crypto_pwhash_str_verify(stored, password, strlen(password));
	sem_post(&pw_sem);
	return rc == 0 ? 0 : -1;
}

int secure_equal(const void *a, const void *b, size_t n) { return sodium_memcmp(a, b, n) == 0; }

int secure_unhex(const char *hex, size_t hexlen, uint8_t *out, size_t n)
{
	size_t got = 0;
	if (hexlen != 2 * n)
		return -1;
	if (sodium_hex2bin(out, n, hex, hexlen, NULL, &got, NULL) != 0 || got != n)
		return -1;
	return 0;
}

_Static_assert(sizeof(struct secure_hasher) >= sizeof(crypto_generichash_state), "secure_hasher is too small");

void secure_hash_init(struct secure_hasher *h)
{
	crypto_generichash_init((crypto_generichash_state *)(void *)h->state, NULL, 0, SECURE_HASH_LEN);
}

void secure_hash_update(struct secure_hasher *h, const void *data, size_t n)
{
	crypto_generichash_update((crypto_generichash_state *)(void *)h->state, data, n);
}

void secure_hash_final(struct secure_hasher *h, uint8_t out[SECURE_HASH_LEN])
{
	crypto_generichash_final((crypto_generichash_state *)(void *)h->state, out, SECURE_HASH_LEN);
}

_Static_assert(SECURE_SIGN_PK_LEN == crypto_sign_PUBLICKEYBYTES && SECURE_SIGN_SK_LEN == crypto_sign_SECRETKEYBYTES &&
		       SECURE_SIGN_LEN == crypto_sign_BYTES,
	       "Ed25519 sizes");

void secure_sign_keypair(uint8_t pk[SECURE_SIGN_PK_LEN], uint8_t sk[SECURE_SIGN_SK_LEN]) { crypto_sign_keypair(pk, sk); }

void secure_sign(const uint8_t sk[SECURE_SIGN_SK_LEN], const void *msg, size_t n, uint8_t sig[SECURE_SIGN_LEN])
{
	crypto_sign_detached(sig, NULL, msg, n, sk);
}

int secure_sign_verify(const uint8_t pk[SECURE_SIGN_PK_LEN], const void *msg, size_t n, const uint8_t sig[SECURE_SIGN_LEN])
{
	return crypto_sign_verify_detached(sig, msg, n, pk) == 0 ? 0 : -1;
}

void secure_wipe(void *p, size_t n) { sodium_memzero(p, n); }
