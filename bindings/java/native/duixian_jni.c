/* JNI glue for duixian.Native over the C ABI (duixian.h). Text crosses as
 * UTF-8 byte arrays (NUL-terminated where the C ABI wants a C string);
 * every failure becomes a duixian.DuixianException. */
#include <jni.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duixian/duixian.h"

/* ---- helpers --------------------------------------------------------- */

/* A malloc'd copy of a Java byte[] (NUL-terminated beyond `len`). */
static char* bytes_in(JNIEnv* env, jbyteArray a, size_t* len) {
  jsize n;
  char* p;
  if (!a) return NULL;
  n = (*env)->GetArrayLength(env, a);
  p = malloc((size_t)n + 1);
  if (!p) return NULL;
  (*env)->GetByteArrayRegion(env, a, 0, n, (jbyte*)p);
  p[n] = '\0';
  if (len) *len = (size_t)n;
  return p;
}

static jbyteArray bytes_out(JNIEnv* env, const char* s) {
  jsize n;
  jbyteArray a;
  if (!s) return NULL;
  n = (jsize)strlen(s);
  a = (*env)->NewByteArray(env, n);
  if (a) (*env)->SetByteArrayRegion(env, a, 0, n, (const jbyte*)s);
  return a;
}

static jstring utf8_string(JNIEnv* env, const char* s) {
  /* new String(bytes, UTF_8): exact for any UTF-8, unlike NewStringUTF. */
  jclass cls = (*env)->FindClass(env, "duixian/Native");
  jmethodID str = (*env)->GetStaticMethodID(env, cls, "str", "([B)Ljava/lang/String;");
  jbyteArray b = bytes_out(env, s);
  return b ? (jstring)(*env)->CallStaticObjectMethod(env, cls, str, b) : NULL;
}

/* Throws duixian.DuixianException(status, message, diagnostics); frees both. */
static void throw_error(JNIEnv* env, duixian_status status, char* message, char* diagnostics) {
  jclass cls = (*env)->FindClass(env, "duixian/DuixianException");
  jmethodID ctor = (*env)->GetMethodID(env, cls, "<init>", "(ILjava/lang/String;Ljava/lang/String;)V");
  jstring jmsg = utf8_string(env, message ? message : duixian_status_name(status));
  jstring jdiag = diagnostics ? utf8_string(env, diagnostics) : NULL;
  jobject exc = (*env)->NewObject(env, cls, ctor, (jint)status, jmsg, jdiag);
  if (exc) (*env)->Throw(env, (jthrowable)exc);
  duixian_free(message);
  duixian_free(diagnostics);
}

static void throw_oom(JNIEnv* env) { throw_error(env, DUIXIAN_INTERNAL, NULL, NULL); }

/* Reads three parallel byte[][] into duixian_source (strings malloc'd). */
static duixian_source* sources_in(JNIEnv* env, jobjectArray modules, jobjectArray paths, jobjectArray texts,
                                  size_t* count) {
  jsize n = (*env)->GetArrayLength(env, modules), i;
  duixian_source* s = calloc((size_t)n + 1, sizeof *s);
  if (!s) return NULL;
  for (i = 0; i < n; ++i) {
    s[i].module = bytes_in(env, (jbyteArray)(*env)->GetObjectArrayElement(env, modules, i), NULL);
    s[i].path = bytes_in(env, (jbyteArray)(*env)->GetObjectArrayElement(env, paths, i), NULL);
    s[i].text = bytes_in(env, (jbyteArray)(*env)->GetObjectArrayElement(env, texts, i), NULL);
  }
  *count = (size_t)n;
  return s;
}

static void sources_free(duixian_source* s, size_t n) {
  size_t i;
  if (!s) return;
  for (i = 0; i < n; ++i) {
    free((void*)s[i].module);
    free((void*)s[i].path);
    free((void*)s[i].text);
  }
  free(s);
}

/* duixian_limits <-> long[12] in the field order of duixian.h (Limits.java). */
#define LIMIT_COUNT 12

static void limits_to_array(const duixian_limits* l, jlong* v) {
  v[0] = (jlong)l->max_firm_bytes;
  v[1] = (jlong)l->max_json_depth;
  v[2] = (jlong)l->max_string_bytes;
  v[3] = (jlong)l->max_items;
  v[4] = (jlong)l->max_number_digits;
  v[5] = (jlong)l->max_eval_steps;
  v[6] = (jlong)l->max_policy_bytes;
  v[7] = (jlong)l->max_nesting;
  v[8] = (jlong)l->max_tree_depth;
  v[9] = (jlong)l->max_clauses;
  v[10] = (jlong)l->max_elaboration_steps;
  v[11] = (jlong)l->max_elaboration_depth;
}

/* NULL for a null array (the defaults). A negative long becomes a huge
 * unsigned value, which the library refuses as out of range. */
static const duixian_limits* limits_in(JNIEnv* env, jlongArray a, duixian_limits* l) {
  jlong v[LIMIT_COUNT];
  if (!a || (*env)->GetArrayLength(env, a) != LIMIT_COUNT) return NULL;
  (*env)->GetLongArrayRegion(env, a, 0, LIMIT_COUNT, v);
  l->max_firm_bytes = (uint64_t)v[0];
  l->max_json_depth = (uint64_t)v[1];
  l->max_string_bytes = (uint64_t)v[2];
  l->max_items = (uint64_t)v[3];
  l->max_number_digits = (uint64_t)v[4];
  l->max_eval_steps = (uint64_t)v[5];
  l->max_policy_bytes = (uint64_t)v[6];
  l->max_nesting = (uint64_t)v[7];
  l->max_tree_depth = (uint64_t)v[8];
  l->max_clauses = (uint64_t)v[9];
  l->max_elaboration_steps = (uint64_t)v[10];
  l->max_elaboration_depth = (uint64_t)v[11];
  return l;
}

static jlongArray limits_out(JNIEnv* env, const duixian_limits* l) {
  jlong v[LIMIT_COUNT];
  jlongArray a = (*env)->NewLongArray(env, LIMIT_COUNT);
  limits_to_array(l, v);
  if (a) (*env)->SetLongArrayRegion(env, a, 0, LIMIT_COUNT, v);
  return a;
}

static duixian_policy_set* set_of(jlong h) { return (duixian_policy_set*)(intptr_t)h; }
static duixian_holder* holder_of(jlong h) { return (duixian_holder*)(intptr_t)h; }

/* {status, digest, message, diagnostics} for the reload results. */
static jobjectArray reload_out(JNIEnv* env, duixian_status st, char* digest, char* message, char* diagnostics) {
  char code[16];
  jclass bytes = (*env)->FindClass(env, "[B");
  jobjectArray out = (*env)->NewObjectArray(env, 4, bytes, NULL);
  if (out) {
    sprintf(code, "%d", (int)st);
    (*env)->SetObjectArrayElement(env, out, 0, bytes_out(env, code));
    (*env)->SetObjectArrayElement(env, out, 1, bytes_out(env, digest));
    (*env)->SetObjectArrayElement(env, out, 2, bytes_out(env, message));
    (*env)->SetObjectArrayElement(env, out, 3, bytes_out(env, diagnostics));
  }
  duixian_free(digest);
  duixian_free(message);
  duixian_free(diagnostics);
  return out;
}

/* ---- entry points ---------------------------------------------------- */

JNIEXPORT jbyteArray JNICALL Java_duixian_Native_version(JNIEnv* env, jclass cls) {
  (void)cls;
  return bytes_out(env, duixian_version());
}

JNIEXPORT jlongArray JNICALL Java_duixian_Native_defaultLimits(JNIEnv* env, jclass cls) {
  duixian_limits l;
  (void)cls;
  duixian_limits_init(&l);
  return limits_out(env, &l);
}

JNIEXPORT jlongArray JNICALL Java_duixian_Native_limits(JNIEnv* env, jclass cls, jlong set) {
  duixian_limits l;
  (void)cls;
  if (duixian_policy_set_limits(set_of(set), &l) != DUIXIAN_OK) {
    throw_error(env, DUIXIAN_INVALID_ARGUMENT, NULL, NULL);
    return NULL;
  }
  return limits_out(env, &l);
}

JNIEXPORT jlong JNICALL Java_duixian_Native_loadDir(JNIEnv* env, jclass cls, jbyteArray jdir, jlongArray jlimits) {
  char* dir = bytes_in(env, jdir, NULL);
  duixian_policy_set* set = NULL;
  char *message = NULL, *diagnostics = NULL;
  duixian_limits storage;
  duixian_status st;
  (void)cls;
  if (!dir) { throw_oom(env); return 0; }
  st = duixian_policy_set_load_dir_with_limits(dir, limits_in(env, jlimits, &storage), &set, &message, &diagnostics);
  free(dir);
  if (st != DUIXIAN_OK) { throw_error(env, st, message, diagnostics); return 0; }
  return (jlong)(intptr_t)set;
}

JNIEXPORT jlong JNICALL Java_duixian_Native_loadSources(JNIEnv* env, jclass cls, jbyteArray jschema,
                                                       jbyteArray jcalendar, jobjectArray modules,
                                                       jobjectArray paths, jobjectArray texts, jlongArray jlimits) {
  char* schema = bytes_in(env, jschema, NULL);
  char* calendar = bytes_in(env, jcalendar, NULL);
  size_t n = 0;
  duixian_source* sources = sources_in(env, modules, paths, texts, &n);
  duixian_policy_set* set = NULL;
  char *message = NULL, *diagnostics = NULL;
  duixian_limits storage;
  duixian_status st = DUIXIAN_INTERNAL;
  (void)cls;
  if (schema && calendar && sources) {
    st = duixian_policy_set_load_sources_with_limits(schema, calendar, sources, n, limits_in(env, jlimits, &storage),
                                                     &set, &message, &diagnostics);
  }
  free(schema);
  free(calendar);
  sources_free(sources, n);
  if (st != DUIXIAN_OK) { throw_error(env, st, message, diagnostics); return 0; }
  return (jlong)(intptr_t)set;
}

JNIEXPORT void JNICALL Java_duixian_Native_free(JNIEnv* env, jclass cls, jlong set) {
  (void)env;
  (void)cls;
  duixian_policy_set_free(set_of(set));
}

JNIEXPORT jbyteArray JNICALL Java_duixian_Native_digest(JNIEnv* env, jclass cls, jlong set) {
  char* digest = NULL;
  jbyteArray out;
  (void)cls;
  if (duixian_policy_set_digest(set_of(set), &digest) != DUIXIAN_OK) { throw_oom(env); return NULL; }
  out = bytes_out(env, digest);
  duixian_free(digest);
  return out;
}

JNIEXPORT jlong JNICALL Java_duixian_Native_policyCount(JNIEnv* env, jclass cls, jlong set) {
  (void)env;
  (void)cls;
  return (jlong)duixian_policy_set_policy_count(set_of(set));
}

JNIEXPORT jbyteArray JNICALL Java_duixian_Native_diagnostics(JNIEnv* env, jclass cls, jlong set) {
  char* json = NULL;
  jbyteArray out;
  (void)cls;
  if (duixian_policy_set_diagnostics(set_of(set), &json) != DUIXIAN_OK) { throw_oom(env); return NULL; }
  out = bytes_out(env, json);
  duixian_free(json);
  return out;
}

JNIEXPORT jbyteArray JNICALL Java_duixian_Native_evaluate(JNIEnv* env, jclass cls, jlong set, jbyteArray jfirm,
                                                          jbyteArray jname, jbyteArray jdate, jint flags) {
  size_t len = 0;
  char* firm = bytes_in(env, jfirm, &len);
  char* name = bytes_in(env, jname, NULL);
  char* date = bytes_in(env, jdate, NULL);
  char *result = NULL, *message = NULL;
  duixian_status st = DUIXIAN_INTERNAL;
  jbyteArray out = NULL;
  (void)cls;
  if (firm && name && date) st = duixian_evaluate(set_of(set), firm, len, name, date, flags, &result, &message);
  free(firm);
  free(name);
  free(date);
  if (st != DUIXIAN_OK) { throw_error(env, st, message, NULL); return NULL; }
  out = bytes_out(env, result);
  duixian_free(result);
  return out;
}

JNIEXPORT jobjectArray JNICALL Java_duixian_Native_evaluateBatch(JNIEnv* env, jclass cls, jlong set,
                                                                 jobjectArray jfirms, jobjectArray jnames,
                                                                 jbyteArray jdate, jint flags, jintArray jstatuses) {
  jsize n = (*env)->GetArrayLength(env, jfirms), i;
  char** firms = calloc((size_t)n + 1, sizeof *firms);
  char** names = jnames ? calloc((size_t)n + 1, sizeof *names) : NULL;
  size_t* lens = calloc((size_t)n + 1, sizeof *lens);
  char* date = bytes_in(env, jdate, NULL);
  char* message = NULL;
  duixian_batch* batch = NULL;
  duixian_status st = DUIXIAN_INTERNAL;
  jobjectArray out = NULL;
  (void)cls;
  if (firms && lens && date && (!jnames || names)) {
    for (i = 0; i < n; ++i) {
      firms[i] = bytes_in(env, (jbyteArray)(*env)->GetObjectArrayElement(env, jfirms, i), &lens[i]);
      if (names) names[i] = bytes_in(env, (jbyteArray)(*env)->GetObjectArrayElement(env, jnames, i), NULL);
    }
    st = duixian_evaluate_batch(set_of(set), (const char* const*)firms, lens, (const char* const*)names, (size_t)n,
                                date, flags, &batch, &message);
  }
  for (i = 0; firms && i < n; ++i) free(firms[i]);
  for (i = 0; names && i < n; ++i) free(names[i]);
  free(firms);
  free(names);
  free(lens);
  free(date);
  if (st != DUIXIAN_OK) { throw_error(env, st, message, NULL); return NULL; }
  out = (*env)->NewObjectArray(env, n, (*env)->FindClass(env, "[B"), NULL);
  if (out) {
    jint* statuses = (*env)->GetIntArrayElements(env, jstatuses, NULL);
    for (i = 0; i < n; ++i) {
      jbyteArray text = bytes_out(env, duixian_batch_text(batch, (size_t)i));
      (*env)->SetObjectArrayElement(env, out, i, text);
      (*env)->DeleteLocalRef(env, text);
      statuses[i] = (jint)duixian_batch_status(batch, (size_t)i);
    }
    (*env)->ReleaseIntArrayElements(env, jstatuses, statuses, 0);
  }
  duixian_batch_free(batch);
  return out;
}

JNIEXPORT jlong JNICALL Java_duixian_Native_holderNew(JNIEnv* env, jclass cls, jlong set) {
  duixian_holder* holder = NULL;
  char* message = NULL;
  duixian_status st = duixian_holder_new(set_of(set), &holder, &message);
  (void)cls;
  if (st != DUIXIAN_OK) { throw_error(env, st, message, NULL); return 0; }
  return (jlong)(intptr_t)holder;
}

JNIEXPORT void JNICALL Java_duixian_Native_holderFree(JNIEnv* env, jclass cls, jlong holder) {
  (void)env;
  (void)cls;
  duixian_holder_free(holder_of(holder));
}

JNIEXPORT jobjectArray JNICALL Java_duixian_Native_holderReloadDir(JNIEnv* env, jclass cls, jlong holder,
                                                                   jbyteArray jdir) {
  char* dir = bytes_in(env, jdir, NULL);
  char *digest = NULL, *message = NULL, *diagnostics = NULL;
  duixian_status st = DUIXIAN_INTERNAL;
  (void)cls;
  if (dir) st = duixian_holder_reload_dir(holder_of(holder), dir, &digest, &message, &diagnostics);
  free(dir);
  return reload_out(env, st, digest, message, diagnostics);
}

JNIEXPORT jobjectArray JNICALL Java_duixian_Native_holderReloadSources(JNIEnv* env, jclass cls, jlong holder,
                                                                       jbyteArray jschema, jbyteArray jcalendar,
                                                                       jobjectArray modules, jobjectArray paths,
                                                                       jobjectArray texts) {
  char* schema = bytes_in(env, jschema, NULL);
  char* calendar = bytes_in(env, jcalendar, NULL);
  size_t n = 0;
  duixian_source* sources = sources_in(env, modules, paths, texts, &n);
  char *digest = NULL, *message = NULL, *diagnostics = NULL;
  duixian_status st = DUIXIAN_INTERNAL;
  (void)cls;
  if (schema && calendar && sources) {
    st = duixian_holder_reload_sources(holder_of(holder), schema, calendar, sources, n, &digest, &message,
                                       &diagnostics);
  }
  free(schema);
  free(calendar);
  sources_free(sources, n);
  return reload_out(env, st, digest, message, diagnostics);
}

JNIEXPORT jlong JNICALL Java_duixian_Native_holderCurrent(JNIEnv* env, jclass cls, jlong holder) {
  duixian_policy_set* set = NULL;
  duixian_status st = duixian_holder_current(holder_of(holder), &set);
  (void)cls;
  if (st != DUIXIAN_OK) { throw_error(env, st, NULL, NULL); return 0; }
  return (jlong)(intptr_t)set;
}

JNIEXPORT jobjectArray JNICALL Java_duixian_Native_holderEvaluate(JNIEnv* env, jclass cls, jlong holder,
                                                                  jbyteArray jfirm, jbyteArray jname,
                                                                  jbyteArray jdate, jint flags) {
  size_t len = 0;
  char* firm = bytes_in(env, jfirm, &len);
  char* name = bytes_in(env, jname, NULL);
  char* date = bytes_in(env, jdate, NULL);
  char *result = NULL, *digest = NULL, *message = NULL;
  duixian_status st = DUIXIAN_INTERNAL;
  jobjectArray out;
  (void)cls;
  if (firm && name && date) {
    st = duixian_holder_evaluate(holder_of(holder), firm, len, name, date, flags, &result, &digest, &message);
  }
  free(firm);
  free(name);
  free(date);
  if (st != DUIXIAN_OK) { throw_error(env, st, message, NULL); return NULL; }
  out = (*env)->NewObjectArray(env, 2, (*env)->FindClass(env, "[B"), NULL);
  if (out) {
    (*env)->SetObjectArrayElement(env, out, 0, bytes_out(env, result));
    (*env)->SetObjectArrayElement(env, out, 1, bytes_out(env, digest));
  }
  duixian_free(result);
  duixian_free(digest);
  return out;
}
