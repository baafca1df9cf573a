package io.flowstore;

/**
 * One element of an event's {@code resourceMetadata.path}: a cloud, a folder, a network...
 * Immutable and thread-safe.
 *
 * @param resourceType e.g. {@code resource-manager.folder}, or null when absent
 * @param resourceId the resource id, or null when absent
 * @param resourceName the resource name, or null when absent
 * @param unknownFields the element's fields flowstore does not model, as JSON object members
 *     ({@code "k":v,"k2":v2}, without braces), or null when there are none
 */
public record Resource(String resourceType, String resourceId, String resourceName, String unknownFields) {
  public Resource(String resourceType, String resourceId, String resourceName) {
    this(resourceType, resourceId, resourceName, null);
  }
}
