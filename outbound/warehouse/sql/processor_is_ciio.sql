SELECT coalesce(any_value(ciio), false) FROM processors WHERE processor = $processor;
