SELECT processor, zone, industry, coalesce(ciio, false) FROM processors WHERE processor = $processor;
