/* secure.c - libsodium wrappers; password hashing is bounded to one hash per core at a time so a
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

void secure_wipe(void *p, size_t n) { sodium_memzero(p, n); }
