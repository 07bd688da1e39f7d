INSERT INTO scan_failures VALUES ($processor, $file_key, $night, $file_name, $error_class)
ON CONFLICT (processor, file_key, night) DO UPDATE SET error_class = excluded.error_class;
