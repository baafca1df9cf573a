package io.flowstore;

/** Where an audit event comes from; each has its own JSON shape. */
public enum AuditFamily {
  /** Yandex Cloud Audit Trails management and data events (snake_case keys as delivered, camelCase accepted). */
  YANDEX,
  /** China Telecom Cloud (CTyun) Cloud Audit events: {@code {code, value}} pairs, zoneless local times. */
  CTYUN
}
