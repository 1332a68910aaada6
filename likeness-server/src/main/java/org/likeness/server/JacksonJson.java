package org.likeness.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.json.JsonMapper;
import java.lang.reflect.Type;

/** Javalin's JSON writer, backed by the Jackson version the rest of Likeness uses. Responses only. */
final class JacksonJson implements JsonMapper {
  private final ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  @Override
  public String toJsonString(Object obj, Type type) {
    try {
      return mapper.writeValueAsString(obj);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + obj.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
