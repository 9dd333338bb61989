<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es_ES">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../ui/AboutDialog.ui" line="+7" />
        <source>About LeadRelay</source>
        <translation>Acerca de LeadRelay</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Energy lead entry and submission for call centres.</source>
        <translation>Captura y envío de leads de energía para centros de llamadas.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Component</source>
        <translation>Componente</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Free software under the GNU General Public License, version 3 or later. It comes with no warranty.</source>
        <translation>Software libre bajo la Licencia Pública General de GNU, versión 3 o posterior. Se distribuye sin ninguna garantía.</translation>
    </message>
</context>
<context>
    <name>AddressSection</name>
    <message>
        <location filename="../ui/AddressSection.ui" line="+13" />
        <source>Service address</source>
        <translation>Dirección de servicio</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Same as service address</source>
        <translation>Igual a la dirección de servicio</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Copy the service address here and keep it in sync</source>
        <translation>Copiar aquí la dirección de servicio y mantenerlas sincronizadas</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Street</source>
        <translation>Calle</translation>
    </message>
    <message>
        <location line="+18" />
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <location line="+18" />
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location line="+6" />
        <source>CA</source>
        <translation>CA</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Two-letter code: a state, DC or a territory</source>
        <translation>Código de dos letras: un estado, DC o un territorio</translation>
    </message>
    <message>
        <location line="+13" />
        <source>ZIP</source>
        <translation>Código postal</translation>
    </message>
    <message>
        <location line="+6" />
        <source>90001</source>
        <translation>90001</translation>
    </message>
</context>
<context>
    <name>BatchCommand</name>
    <message>
        <location filename="../src/cli/BatchCommand.cpp" line="+35" />
        <source>

With --batch FILE, every lead of FILE goes to --vendor: CSV (a header row of lead keys, consent as
consent_1_question, consent_1_answer, ...) or JSON Lines (one lead per line). Every row is
validated first; rows with problems are listed on stderr (line, field, message) and never sent.
--dry-run stops there. Valid rows are sent --concurrency at a time, each as a single submission
would be (duplicate guard, history row before sending, no automatic resend). Run the same command
again after an interruption: rows already recorded are reported (already_sent), not sent again;
only a row recorded as not delivered or account error goes again. --results FILE gets one line
per row: line, submission_id, outcome, messages. A summary line ends the output on stdout.
The exit status is the worst over the rows, from best to worst: 0, 1, 3, 2, 4.
Ctrl+C stops starting rows, waits for those in flight and reports the rest as not_started.</source>
        <translation>

Con --batch ARCHIVO, cada lead del ARCHIVO va a --vendor: CSV (una fila de encabezado con las claves del
lead, el consentimiento como consent_1_question, consent_1_answer, ...) o JSON Lines (un lead por línea).
Primero se valida cada fila; las filas con problemas se enumeran en stderr (línea, campo, mensaje) y
nunca se envían. --dry-run se detiene ahí. Las filas válidas se envían de --concurrency en
--concurrency, cada una como se enviaría un envío individual (control de duplicados, fila del historial
antes de enviar, sin reenvío automático). Ejecute el mismo comando otra vez tras una interrupción: las
filas ya registradas se informan (already_sent) y no se vuelven a enviar; solo vuelve a enviarse una fila
registrada como no entregada o con error de cuenta. --results ARCHIVO recibe una línea por fila: línea,
submission_id, outcome, messages. Una línea de resumen cierra la salida en stdout.
El estado de salida es el peor de las filas, de mejor a peor: 0, 1, 3, 2, 4.
Ctrl+C deja de iniciar filas, espera a las que están en curso e informa el resto como not_started.</translation>
    </message>
    <message>
        <location line="+19" />
        <source>--concurrency must be a whole number from 1 to %1.</source>
        <translation>--concurrency debe ser un número entero de 1 a %1.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>The batch file cannot be used: %1.</source>
        <translation>No se puede usar el archivo de lote: %1.</translation>
    </message>
    <message>
        <location line="+17" />
        <source>line %1: %2</source>
        <translation>línea %1: %2</translation>
    </message>
    <message>
        <location line="+1" />
        <source>line %1: %2: %3</source>
        <translation>línea %1: %2: %3</translation>
    </message>
    <message>
        <location line="+9" />
        <source>The results file %1 cannot be written: %2</source>
        <translation>No se puede escribir el archivo de resultados %1: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+46" />
        <source>Stopping: no new rows; waiting for %n in flight.</source>
        <translation>
            <numerusform>Deteniendo: no hay filas nuevas; esperando %n en curso.</numerusform>
            <numerusform>Deteniendo: no hay filas nuevas; esperando %n en curso.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21" />
        <source>Some answers could not be recorded in the history; they are kept in %1 and will be added when it can be written again. Do not resubmit those rows.</source>
        <translation>Algunas respuestas no se pudieron registrar en el historial; se guardan en %1 y se añadirán cuando se pueda volver a escribir en él. No vuelva a enviar esas filas.</translation>
    </message>
    <message>
        <location filename="../src/cli/BatchReport.cpp" line="+25" />
        <source>warning: </source>
        <translation>advertencia: </translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1%2: %3</source>
        <translation>%1%2: %3</translation>
    </message>
    <message>
        <location line="+47" />
        <source>Not sent: this phone number was sent to this vendor on %1 (submission %2, outcome %3).</source>
        <translation>No enviado: este número de teléfono se envió a este proveedor el %1 (envío %2, resultado %3).</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Not sent again: an earlier run recorded this row on %1 (outcome %2).</source>
        <translation>No se vuelve a enviar: una ejecución anterior registró esta fila el %1 (resultado %2).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>It may have reached the vendor: check with the vendor before sending it again.</source>
        <translation>Puede haber llegado al proveedor: consulte con el proveedor antes de volver a enviarlo.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Not sent: the history could not be written (%1).</source>
        <translation>No enviado: no se pudo escribir en el historial (%1).</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Not sent: %1</source>
        <translation>No enviado: %1</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Not sent: the batch was stopped first; run it again to send it.</source>
        <translation>No enviado: el lote se detuvo antes; ejecútelo otra vez para enviarlo.</translation>
    </message>
    <message>
        <location line="+49" />
        <source>Batch: %1 rows: %2.</source>
        <translation>Lote: %1 filas: %2.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>nothing</source>
        <translation>nada</translation>
    </message>
    <message>
        <location line="+17" />
        <source>%1/%2 rows, %3/s, %4, %5 left</source>
        <translation>%1/%2 filas, %3/s, %4, faltan %5</translation>
    </message>
</context>
<context>
    <name>BatchFile</name>
    <message>
        <location filename="../src/pipeline/BatchFile.cpp" line="+78" />
        <source>line %1: a quoted cell is never closed</source>
        <translation>línea %1: una celda entre comillas nunca se cierra</translation>
    </message>
    <message>
        <location line="+43" />
        <source>the row has %1 cells; the header has %2</source>
        <translation>la fila tiene %1 celdas; el encabezado tiene %2</translation>
    </message>
    <message>
        <location line="+22" />
        <source>'%1' is not yes or no (true, false, 1, 0)</source>
        <translation>'%1' no es sí o no (true, false, 1, 0)</translation>
    </message>
    <message>
        <location line="+45" />
        <source>the file has no header row</source>
        <translation>el archivo no tiene fila de encabezado</translation>
    </message>
    <message>
        <location line="+10" />
        <source>line %1: the header names an unknown column '%2'</source>
        <translation>línea %1: el encabezado nombra una columna desconocida '%2'</translation>
    </message>
    <message>
        <location line="+7" />
        <source>line %1: the header names the column '%2' twice</source>
        <translation>línea %1: el encabezado nombra dos veces la columna '%2'</translation>
    </message>
    <message>
        <location line="+56" />
        <source>%1 is not a regular file (a folder, a pipe or a device)</source>
        <translation>%1 no es un archivo normal (es una carpeta, una tubería o un dispositivo)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>cannot read %1: %2</source>
        <translation>no se puede leer %1: %2</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 is larger than 256 MiB: split it into smaller batches</source>
        <translation>%1 ocupa más de 256 MiB: divídalo en lotes más pequeños</translation>
    </message>
    <message>
        <location line="+19" />
        <source>the file is not UTF-8 text: save it as "CSV UTF-8" or JSON Lines</source>
        <translation>el archivo no es texto UTF-8: guárdelo como "CSV UTF-8" o JSON Lines</translation>
    </message>
</context>
<context>
    <name>CallbackBase</name>
    <message>
        <location filename="../src/core/CallbackBase.cpp" line="+31" />
        <source>The callback base is not a valid web address; enter e.g. https://callbacks.example.com.</source>
        <translation>La dirección base de devolución no es una dirección web válida; escriba p. ej. https://callbacks.example.com.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The callback base must start with https://, e.g. https://callbacks.example.com.</source>
        <translation>La dirección base de devolución debe empezar por https://, p. ej. https://callbacks.example.com.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The callback base has no server name; enter e.g. https://callbacks.example.com.</source>
        <translation>La dirección base de devolución no tiene nombre de servidor; escriba p. ej. https://callbacks.example.com.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The callback base cannot have a query (?) or a fragment (#).</source>
        <translation>La dirección base de devolución no puede llevar consulta (?) ni fragmento (#).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The callback base cannot carry a user name or password.</source>
        <translation>La dirección base de devolución no puede llevar usuario ni contraseña.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The callback base must use https://: each callback address carries a secret token that lets whoever reads it set that lead's final result, so it must not cross the network in clear. Plain http:// is allowed only for this computer (localhost, 127.0.0.1, ::1), for training.</source>
        <translation>La dirección base de devolución debe usar https://: cada dirección de devolución lleva un token secreto que permite a quien lo lea fijar el resultado final de ese lead, así que no debe cruzar la red sin cifrar. http:// sin cifrar solo se admite para este equipo (localhost, 127.0.0.1, ::1), en formación.</translation>
    </message>
</context>
<context>
    <name>CertificateSection</name>
    <message>
        <location filename="../ui/CertificateSection.ui" line="+13" />
        <source>Certificate</source>
        <translation>Certificado</translation>
    </message>
    <message>
        <location line="+5" />
        <source>TrustedForm URL</source>
        <translation>URL de TrustedForm</translation>
    </message>
    <message>
        <location line="+6" />
        <source>https://cert.trustedform.com/…</source>
        <translation>https://cert.trustedform.com/…</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Jornaya LeadiD</source>
        <translation>Jornaya LeadiD</translation>
    </message>
    <message>
        <location line="+6" />
        <source>XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX</source>
        <translation>XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX</translation>
    </message>
</context>
<context>
    <name>CliMain</name>
    <message>
        <source>Usage: leadrelay-cli COMMAND [options]

Sends energy leads to nTherm or Bright Horizons Media and reads the submission history.

Commands:
  submit     validate, record and send one lead file; prints the outcome as JSON
             (--batch FILE: every lead of a CSV or JSON Lines file, resumably)
  history    list the history as a table, JSON or CSV
  simulate   run the training simulator of both vendors until interrupted
  callbacks  receive vendors' final results into the history until interrupted

Run 'leadrelay-cli COMMAND --help' for a command's options.

Exit status: 0 accepted or sold; 1 rejected, invalid or refused as a duplicate;
2 usage or configuration error; 3 not delivered or delivery unknown;
4 answered, but the history could not record the answer (kept in its side journal).
</source>
        <translation type="vanished">Uso: leadrelay-cli COMANDO [opciones]

Envía leads de energía a nTherm o Bright Horizons Media y consulta el historial de envíos.

Comandos:
  submit     valida, registra y envía un archivo de lead; muestra el resultado como JSON
             (--batch ARCHIVO: cada lead de un archivo CSV o JSON Lines, reanudable)
  history    lista el historial como tabla, JSON o CSV
  simulate   ejecuta el simulador de capacitación de ambos proveedores hasta que se interrumpa
  callbacks  recibe en el historial los resultados finales de los proveedores hasta que se interrumpa

Ejecute 'leadrelay-cli COMANDO --help' para ver las opciones de un comando.

Estado de salida: 0 aceptado o vendido; 1 rechazado, inválido o rehusado por duplicado;
2 error de uso o de configuración; 3 no entregado o entrega desconocida;
4 respondido, pero el historial no pudo registrar la respuesta (guardada en su diario auxiliar).
</translation>
    </message>
    <message>
        <source>Usage: leadrelay-cli COMMAND [options]

Sends energy leads to nTherm or Bright Horizons Media and reads the submission history.

Commands:
  submit     validate, record and send one lead file; prints the outcome as JSON
             (--batch FILE: every lead of a CSV or JSON Lines file, resumably)
  history    list the history as a table, JSON or CSV
  simulate   run the training simulator of both vendors until interrupted
  callbacks  receive vendors' final results into the history until interrupted
  team       administer a team server (init, add-user, list); history copy moves a desk's
             history into it

Run 'leadrelay-cli COMMAND --help' for a command's options.

Exit status: 0 accepted or sold; 1 rejected, invalid or refused as a duplicate;
2 usage or configuration error; 3 not delivered or delivery unknown;
4 answered, but the history could not record the answer (kept in its side journal).
</source>
        <translation type="vanished">Uso: leadrelay-cli ORDEN [opciones]

Envía leads de energía a nTherm o Bright Horizons Media y lee el historial de envíos.

Órdenes:
  submit     valida, registra y envía un archivo de lead; imprime el resultado como JSON
             (--batch ARCHIVO: cada lead de un archivo CSV o JSON Lines, reanudable)
  history    muestra el historial como tabla, JSON o CSV
  simulate   ejecuta el simulador de formación de ambos compradores hasta interrumpirlo
  callbacks  recibe los resultados finales de los compradores en el historial hasta interrumpirlo
  team       administra un servidor de equipo (init, add-user, list); history copy lleva el
             historial de un puesto a él

Ejecute 'leadrelay-cli ORDEN --help' para ver las opciones de una orden.

Estado de salida: 0 aceptado o vendido; 1 rechazado, no válido o rechazado por duplicado;
2 error de uso o de configuración; 3 no entregado o entrega desconocida;
4 respondido, pero el historial no pudo registrar la respuesta (guardada en su diario auxiliar).
</translation>
    </message>
    <message>
        <source>Usage: leadrelay-cli COMMAND [options]

Sends energy leads to nTherm or Bright Horizons Media and reads the submission history.

Commands:
  submit     validate, record and send one lead file; prints the outcome as JSON
             (--batch FILE: every lead of a CSV or JSON Lines file, resumably)
  history    list the history as a table, JSON or CSV
  returns    import a buyer's returned leads (returns import FILE --vendor V)
  report     the dashboard's figures per day, vendor, agent or campaign
  simulate   run the training simulator of both vendors until interrupted
  callbacks  receive vendors' final results into the history until interrupted
  dnc        the company do-not-call list (add, remove, list, import, check) and the
             registry downloads (dnc registry import|list)
  team       administer a team server (init, add-user, list); history copy moves a desk's
             history into it
  evidence   verify the consent evidence chain; export one submission's evidence (PDF, JSON)
  retention  the retention policy; remove personal data of older submissions

Run 'leadrelay-cli COMMAND --help' for a command's options.

Exit status: 0 accepted or sold; 1 rejected, invalid or refused as a duplicate;
2 usage or configuration error; 3 not delivered or delivery unknown;
4 answered, but the history could not record the answer (kept in its side journal).
</source>
        <translation type="vanished">Uso: leadrelay-cli ORDEN [opciones]

Envía leads de energía a nTherm o Bright Horizons Media y lee el historial de envíos.

Órdenes:
  submit     valida, registra y envía un archivo de lead; imprime el resultado como JSON
             (--batch ARCHIVO: cada lead de un archivo CSV o JSON Lines, reanudable)
  history    muestra el historial como tabla, JSON o CSV
  returns    importa los leads devueltos de un comprador (returns import ARCHIVO --vendor V)
  report     las cifras del panel por día, comprador, agente o campaña
  simulate   ejecuta el simulador de formación de ambos compradores hasta interrumpirlo
  callbacks  recibe los resultados finales de los compradores en el historial hasta interrumpirlo
  dnc        la lista de no llamar de la empresa (add, remove, list, import, check) y las
             descargas de los registros (dnc registry import|list)
  team       administra un servidor de equipo (init, add-user, list); history copy lleva el
             historial de un puesto a él
  evidence   verifica la cadena de pruebas; exporta las pruebas de un envío (PDF, JSON)
  retention  la política de conservación; borra los datos personales de envíos antiguos

Ejecute 'leadrelay-cli ORDEN --help' para ver las opciones de una orden.

Estado de salida: 0 aceptado o vendido; 1 rechazado, no válido o rechazado por duplicado;
2 error de uso o de configuración; 3 no entregado o entrega desconocida;
4 respondido, pero el historial no pudo registrar la respuesta (guardada en su diario auxiliar).
</translation>
    </message>
    <message>
        <location filename="../src/cli/main.cpp" line="+32" />
        <source>Usage: leadrelay-cli COMMAND [options]

Sends energy leads to nTherm or Bright Horizons Media and reads the submission history.

Commands:
  submit     validate, record and send one lead file; prints the outcome as JSON
             (--batch FILE: every lead of a CSV or JSON Lines file, resumably)
  history    list the history as a table, JSON or CSV; history compact compresses older
             rows in place (resumable, progress on stderr)
  returns    import a buyer's returned leads (returns import FILE --vendor V)
  report     the dashboard's figures per day, vendor, agent or campaign
  simulate   run the training simulator of both vendors until interrupted
  callbacks  receive vendors' final results into the history until interrupted
  dnc        the company do-not-call list (add, remove, list, import, check) and the
             registry downloads (dnc registry import|list)
  team       administer a team server (init, add-user, list); history copy moves a desk's
             history into it
  evidence   verify the consent evidence chain; export one submission's evidence (PDF, JSON)
  retention  the retention policy; remove personal data of older submissions

Run 'leadrelay-cli COMMAND --help' for a command's options.

Exit status: 0 accepted or sold; 1 rejected, invalid or refused as a duplicate;
2 usage or configuration error; 3 not delivered or delivery unknown;
4 answered, but the history could not record the answer (kept in its side journal).
</source>
        <translation>Uso: leadrelay-cli ORDEN [opciones]

Envía leads de energía a nTherm o Bright Horizons Media y lee el historial de envíos.

Órdenes:
  submit     valida, registra y envía un archivo de lead; imprime el resultado como JSON
             (--batch ARCHIVO: cada lead de un archivo CSV o JSON Lines, reanudable)
  history    muestra el historial como tabla, JSON o CSV; history compact comprime en su
             sitio las filas antiguas (reanudable, progreso en stderr)
  returns    importa los leads devueltos de un comprador (returns import ARCHIVO --vendor V)
  report     las cifras del panel por día, comprador, agente o campaña
  simulate   ejecuta el simulador de formación de ambos compradores hasta interrumpirlo
  callbacks  recibe los resultados finales de los compradores en el historial hasta interrumpirlo
  dnc        la lista de no llamar de la empresa (add, remove, list, import, check) y las
             descargas de los registros (dnc registry import|list)
  team       administra un servidor de equipo (init, add-user, list); history copy lleva el
             historial de un puesto a él
  evidence   verifica la cadena de pruebas; exporta las pruebas de un envío (PDF, JSON)
  retention  la política de conservación; borra los datos personales de envíos antiguos

Ejecute 'leadrelay-cli ORDEN --help' para ver las opciones de una orden.

Estado de salida: 0 aceptado o vendido; 1 rechazado, no válido o rechazado por duplicado;
2 error de uso o de configuración; 3 no entregado o entrega desconocida;
4 respondido, pero el historial no pudo registrar la respuesta (guardada en su diario auxiliar).
</translation>
    </message>
    <message>
        <location line="+65" />
        <source>
Options:
  -h, --help     show this overview
  -v, --version  show the version
</source>
        <translation>
Opciones:
  -h, --help     muestra este resumen
  -v, --version  muestra la versión
</translation>
    </message>
    <message>
        <location line="+40" />
        <source>Unknown command '%1': use submit, history, returns, simulate or callbacks (leadrelay-cli --help lists them).</source>
        <translation>Orden desconocida '%1': use submit, history, returns, simulate o callbacks (leadrelay-cli --help las enumera).</translation>
    </message>
    <message>
        <source>Unknown command '%1': use submit, history, simulate or callbacks (leadrelay-cli --help lists them).</source>
        <translation type="vanished">Comando desconocido '%1': use submit, history, simulate o callbacks (leadrelay-cli --help los enumera).</translation>
    </message>
</context>
<context>
    <name>CliSupport</name>
    <message>
        <location filename="../src/cli/CliSupport.cpp" line="+41" />
        <source>Show this help and exit.</source>
        <translation>Muestra esta ayuda y sale.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>leadrelay-cli %1: %2 Run 'leadrelay-cli %1 --help' for the options.</source>
        <translation>leadrelay-cli %1: %2 Ejecute 'leadrelay-cli %1 --help' para ver las opciones.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Usage: </source>
        <translation>Uso: </translation>
    </message>
    <message>
        <location line="+13" />
        <source>leadrelay-cli %1: unexpected argument '%2': every value belongs to an option, e.g. --lead FILE.</source>
        <translation>leadrelay-cli %1: argumento inesperado '%2': cada valor pertenece a una opción, p. ej., --lead ARCHIVO.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>The do-not-call registry lists' folder (default: %1).</source>
        <translation>La carpeta de las listas del registro de no llamar (predeterminada: %1).</translation>
    </message>
    <message>
        <location line="+1" />
        <source>DIR</source>
        <translation>CARPETA</translation>
    </message>
    <message>
        <location line="+19" />
        <source>The history: a file (SQLite), or a team server's postgresql:// URI (password from LEADRELAY_DB_PASSWORD or ~/.pgpass). Default: %1.</source>
        <translation>El historial: un archivo (SQLite) o la URI postgresql:// de un servidor de equipo (contraseña de LEADRELAY_DB_PASSWORD o ~/.pgpass). Predeterminado: %1.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>FILE|URI</source>
        <translation>ARCHIVO|URI</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Cannot open the team history: %1.</source>
        <translation>No se puede abrir el historial del equipo: %1.</translation>
    </message>
    <message>
        <source>History file (SQLite). Default: %1.</source>
        <translation type="vanished">Archivo del historial (SQLite). Predeterminado: %1.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="vanished">ARCHIVO</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Cannot create the folder %1 for the history: choose another file with --db FILE.</source>
        <translation>No se puede crear la carpeta %1 para el historial: elija otro archivo con --db ARCHIVO.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Cannot open the history %1: %2. Check the file or choose another with --db FILE.</source>
        <translation>No se puede abrir el historial %1: %2. Revise el archivo o elija otro con --db ARCHIVO.</translation>
    </message>
    <message numerus="yes">
        <location line="+5" />
        <source>Note: %n vendor answer(s) are waiting in the side journal %1 and are not in the history yet: the history could not be written (%2). They are added the next time it can be.</source>
        <translation>
            <numerusform>Nota: %n respuesta de proveedor espera en el diario auxiliar %1 y aún no está en el historial: no se pudo escribir en el historial (%2). Se añadirá la próxima vez que se pueda.</numerusform>
            <numerusform>Nota: %n respuestas de proveedores esperan en el diario auxiliar %1 y aún no están en el historial: no se pudo escribir en el historial (%2). Se añadirán la próxima vez que se pueda.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompactCommand</name>
    <message>
        <location filename="../src/cli/CompactCommand.cpp" line="+19" />
        <source>Rows per transaction (default 500).</source>
        <translation>Filas por transacción (predeterminado 500).</translation>
    </message>
    <message>
        <location line="+0" />
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Compresses the payloads of older history rows in place, resumable; progress on stderr.</source>
        <translation>Comprime en su sitio los contenidos de las filas antiguas del historial, de forma reanudable; el progreso va a stderr.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>--batch must be a whole number from 1 to 100000.</source>
        <translation>--batch debe ser un número entero de 1 a 100000.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>The history is already compact.</source>
        <translation>El historial ya está compactado.</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Compacting: %1 of %2 rows (%3 %)</source>
        <translation>Compactando: %1 de %2 filas (%3 %)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Nothing to compact yet: the history needs more rows before it can train its compression dictionary.</source>
        <translation>Nada que compactar todavía: el historial necesita más filas antes de poder entrenar su diccionario de compresión.</translation>
    </message>
    <message numerus="yes">
        <location line="+5" />
        <source>%n row(s) compressed; the history is compact.</source>
        <translation>
            <numerusform>%n fila comprimida; el historial está compactado.</numerusform>
            <numerusform>%n filas comprimidas; el historial está compactado.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConsentSection</name>
    <message>
        <location filename="../ui/ConsentSection.ui" line="+13" />
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Read this to the customer, then record each answer:</source>
        <translation>Lea esto al cliente y luego registre cada respuesta:</translation>
    </message>
</context>
<context>
    <name>CustomerSection</name>
    <message>
        <location filename="../ui/CustomerSection.ui" line="+13" />
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+5" />
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location line="+6" />
        <source>(310) 555-1212</source>
        <translation>(310) 555-1212</translation>
    </message>
    <message>
        <location line="+1" />
        <source>US number; formatted as you type, sent as 10 digits</source>
        <translation>Número de EE. UU.; se formatea mientras escribe y se envía con 10 dígitos</translation>
    </message>
    <message>
        <location line="+13" />
        <source>E-mail</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <location line="+6" />
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location line="+6" />
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-DD</translation>
    </message>
</context>
<context>
    <name>DealSection</name>
    <message>
        <location filename="../ui/DealSection.ui" line="+13" />
        <source>Decision maker, utility and campaign</source>
        <translation>Responsable de la decisión, compañía de servicios y campaña</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Decision maker</source>
        <translation>Responsable de la decisión</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Utility</source>
        <translation>Compañía de servicios</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Campaign</source>
        <translation>Campaña</translation>
    </message>
    <message>
        <location line="+6" />
        <source>OHIO_GENERAL_RESIDENTIAL</source>
        <translation>OHIO_GENERAL_RESIDENTIAL</translation>
    </message>
</context>
<context>
    <name>DncCommand</name>
    <message>
        <location filename="../src/cli/DncCommand.cpp" line="+41" />
        <source>Why (e.g. "asked on the call of 2026-12-01").</source>
        <translation>Motivo (p. ej. "lo pidió en la llamada del 2026-12-01").</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+32" />
        <location line="+66" />
        <source>TEXT</source>
        <translation>TEXTO</translation>
    </message>
    <message>
        <location line="-97" />
        <source>Who recorded it (default: $USER; a team server records the login).</source>
        <translation>Quién lo registró (predeterminado: $USER; un servidor de equipo registra el usuario).</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+32" />
        <location line="+65" />
        <location filename="../src/cli/DncRegistryCommand.cpp" line="+23" />
        <source>NAME</source>
        <translation>NOMBRE</translation>
    </message>
    <message>
        <location line="-93" />
        <source>Puts a phone on the company do-not-call list: leadrelay-cli dnc add PHONE [--reason TEXT]. A lead to that phone is then refused before sending.</source>
        <translation>Pone un teléfono en la lista de no llamar de la empresa: leadrelay-cli dnc add TELÉFONO [--reason TEXTO]. Un lead a ese teléfono se rechaza entonces antes de enviarlo.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>leadrelay-cli dnc add: give exactly one PHONE.</source>
        <translation>leadrelay-cli dnc add: indique exactamente un TELÉFONO.</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Why the number may be called again (required).</source>
        <translation>Por qué se puede volver a llamar al número (obligatorio).</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Who removes it (default: $USER; a team server records the login).</source>
        <translation>Quién lo retira (predeterminado: $USER; un servidor de equipo registra el usuario).</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Records the removal of a phone from the company do-not-call list (the entry is kept): leadrelay-cli dnc remove PHONE --reason TEXT. On a team server only a supervisor may.</source>
        <translation>Registra la retirada de un teléfono de la lista de no llamar de la empresa (la entrada se conserva): leadrelay-cli dnc remove TELÉFONO --reason TEXTO. En un servidor de equipo, solo un supervisor puede hacerlo.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>leadrelay-cli dnc remove: give exactly one PHONE.</source>
        <translation>leadrelay-cli dnc remove: indique exactamente un TELÉFONO.</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Also the removed entries (with when, by whom and why).</source>
        <translation>También las entradas retiradas (con cuándo, quién y por qué).</translation>
    </message>
    <message>
        <location line="+1" />
        <source>One JSON object per line instead of a table.</source>
        <translation>Un objeto JSON por línea en lugar de una tabla.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Lists the company do-not-call list, newest first.</source>
        <translation>Muestra la lista de no llamar de la empresa, primero lo más reciente.</translation>
    </message>
    <message>
        <location line="+21" />
        <source>  [removed %1 by %2: %3]</source>
        <translation>  [retirado el %1 por %2: %3]</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Recorded with every imported entry.</source>
        <translation>Se registra con cada entrada importada.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Who recorded them (default: $USER).</source>
        <translation>Quién los registró (predeterminado: $USER).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Adds every phone of a file (one per line; a CSV's first column) to the company do-not-call list, in one transaction: leadrelay-cli dnc import FILE.</source>
        <translation>Añade cada teléfono de un archivo (uno por línea; la primera columna de un CSV) a la lista de no llamar de la empresa, en una sola transacción: leadrelay-cli dnc import ARCHIVO.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>leadrelay-cli dnc import: give exactly one FILE.</source>
        <translation>leadrelay-cli dnc import: indique exactamente un ARCHIVO.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Skipped, not a 10-digit US phone number: %1</source>
        <translation>Omitido, no es un teléfono de EE. UU. de 10 dígitos: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n number(s) added to the do-not-call list.</source>
        <translation>
            <numerusform>%n número añadido a la lista de no llamar.</numerusform>
            <numerusform>%n números añadidos a la lista de no llamar.</numerusform>
        </translation>
    </message>
    <message>
        <source>The registry lists' folder (default: %1).</source>
        <translation type="vanished">La carpeta de las listas de registro (predeterminada: %1).</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation type="vanished">DIR</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Looks a phone up in the company list and the registry lists; prints JSON. Exit status 1 when it is on any of them.</source>
        <translation>Busca un teléfono en la lista de la empresa y en las listas de registro; imprime JSON. Estado de salida 1 si está en alguna de ellas.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>leadrelay-cli dnc check: give exactly one PHONE.</source>
        <translation>leadrelay-cli dnc check: indique exactamente un TELÉFONO.</translation>
    </message>
    <message>
        <location line="+47" />
        <source>Usage: leadrelay-cli dnc add|remove|list|import|check|registry [options]
  add PHONE [--reason TEXT]       put a phone on the company do-not-call list
  remove PHONE --reason TEXT      record its removal (team server: supervisors only)
  list [--all] [--json]           the list, newest first (--all: removals too)
  import FILE [--reason TEXT]     every phone of a file, one per line
  check PHONE                     the company list and the registry lists, as JSON
  registry import FILE... --list NAME --date YYYY-MM-DD
                                  the national or a state registry's download
  registry list                   the registry lists and their download dates
Every command takes --db FILE|URI (the history) and --help.</source>
        <translation>Uso: leadrelay-cli dnc add|remove|list|import|check|registry [opciones]
  add TELÉFONO [--reason TEXTO]   añade un teléfono a la lista de no llamar
  remove TELÉFONO --reason TEXTO  registra su retirada (equipo: solo supervisores)
  list [--all] [--json]           la lista, más recientes primero (--all: con retiradas)
  import ARCHIVO [--reason TEXTO] cada teléfono de un archivo, uno por línea
  check TELÉFONO                  la lista de la empresa y las de registro, como JSON
  registry import ARCHIVO... --list NOMBRE --date AAAA-MM-DD
                                  la descarga del registro nacional o de un estado
  registry list                   las listas de registro y sus fechas de descarga
Todas las órdenes admiten --db ARCHIVO|URI (el historial) y --help.</translation>
    </message>
    <message>
        <location filename="../src/cli/DncRegistryCommand.cpp" line="+0" />
        <source>The list's name: national, or a state's code (TX, FL…).</source>
        <translation>El nombre de la lista: national, o el código de un estado (TX, FL…).</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The day the files were downloaded (required).</source>
        <translation>El día en que se descargaron los archivos (obligatorio).</translation>
    </message>
    <message>
        <location line="+0" />
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-DD</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Imports registry downloads (text files of 10-digit numbers, one per line, per area code) into a compact list on this desk: leadrelay-cli dnc registry import FILE... --list national --date 2026-11-28. Each area code in the files replaces that area code's numbers; the others are kept.</source>
        <translation>Importa descargas del registro (archivos de texto con números de 10 dígitos, uno por línea, por código de área) a una lista compacta en este puesto: leadrelay-cli dnc registry import ARCHIVO... --list national --date 2026-11-28. Cada código de área de los archivos reemplaza los números de ese código de área; los demás se conservan.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>leadrelay-cli dnc registry import: give FILE..., --list NAME and --date YYYY-MM-DD.</source>
        <translation>leadrelay-cli dnc registry import: indique ARCHIVO..., --list NOMBRE y --date AAAA-MM-DD.</translation>
    </message>
    <message>
        <location line="+13" />
        <source>%1: %2 numbers read (%3 lines not a number) in %4 area codes; the list holds %5 numbers in %6 bytes (%7 bytes per number); %8 ms.</source>
        <translation>%1: %2 números leídos (%3 líneas sin número) en %4 códigos de área; la lista tiene %5 números en %6 bytes (%7 bytes por número); %8 ms.</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Lists the registry lists on this desk, their size and oldest download; a list older than %1 days is marked STALE.</source>
        <translation>Muestra las listas de registro de este puesto, su tamaño y su descarga más antigua; una lista de más de %1 días se marca como DESFASADA.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>  STALE</source>
        <translation>  DESFASADA</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Usage: leadrelay-cli dnc registry import FILE... --list NAME --date YYYY-MM-DD | leadrelay-cli dnc registry list</source>
        <translation>Uso: leadrelay-cli dnc registry import ARCHIVO... --list NOMBRE --date AAAA-MM-DD | leadrelay-cli dnc registry list</translation>
    </message>
</context>
<context>
    <name>DncList</name>
    <message>
        <location filename="../src/store/DncList.cpp" line="+70" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+51" />
        <location line="+26" />
        <source>Not a 10-digit US phone number: %1</source>
        <translation>No es un teléfono de EE. UU. de 10 dígitos: %1</translation>
    </message>
    <message>
        <location line="-22" />
        <location line="+5" />
        <location line="+6" />
        <source>Could not add to the do-not-call list</source>
        <translation>No se pudo añadir a la lista de no llamar</translation>
    </message>
    <message>
        <location line="+13" />
        <source>A removal from the do-not-call list needs a reason.</source>
        <translation>Retirar de la lista de no llamar requiere un motivo.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Only a supervisor can remove a number from the do-not-call list.</source>
        <translation>Solo un supervisor puede retirar un número de la lista de no llamar.</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+3" />
        <location line="+6" />
        <location line="+4" />
        <source>Could not remove from the do-not-call list</source>
        <translation>No se pudo retirar de la lista de no llamar</translation>
    </message>
    <message>
        <location line="-2" />
        <source>%1 is not on the do-not-call list.</source>
        <translation>%1 no está en la lista de no llamar.</translation>
    </message>
    <message>
        <location line="+14" />
        <location line="+6" />
        <location line="+7" />
        <location line="+6" />
        <source>Could not read the do-not-call list</source>
        <translation>No se pudo leer la lista de no llamar</translation>
    </message>
    <message>
        <location line="+12" />
        <location line="+5" />
        <location line="+14" />
        <location line="+7" />
        <source>Could not import into the do-not-call list</source>
        <translation>No se pudo importar a la lista de no llamar</translation>
    </message>
</context>
<context>
    <name>DncRegistry</name>
    <message>
        <location filename="../src/store/DncRegistry.cpp" line="+246" />
        <source>Do-not-call registry older than %1 days: %2. Download it again.</source>
        <translation>Registro de no llamar de más de %1 días: %2. Descárguelo de nuevo.</translation>
    </message>
    <message>
        <location line="+21" />
        <source>A list name is 1 to 32 letters, digits, '-' or '_' (for example national or TX).</source>
        <translation>Un nombre de lista tiene de 1 a 32 letras, dígitos, '-' o '_' (por ejemplo national o TX).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The download date is required (YYYY-MM-DD).</source>
        <translation>La fecha de descarga es obligatoria (AAAA-MM-DD).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Cannot create %1.</source>
        <translation>No se puede crear %1.</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
</context>
<context>
    <name>EvidenceCommand</name>
    <message>
        <source>Usage: leadrelay-cli evidence verify [--db FILE|URI]
       leadrelay-cli evidence export ID --format pdf|json --output FILE [--db …]

verify: recomputes the consent records' hash chain and names the first record that
was changed, removed or inserted (exit status 1), or says it is intact (0).
export: one submission's evidence (consent record, lifecycle, redacted request,
vendor's answer, record hash) as PDF for people or JSON for programs.
</source>
        <translation type="vanished">Uso: leadrelay-cli evidence verify [--db ARCHIVO|URI]
     leadrelay-cli evidence export ID --format pdf|json --output ARCHIVO [--db …]

verify: recalcula la cadena de hashes de los registros de consentimiento e indica el primer
registro modificado, eliminado o insertado (salida 1), o dice que está intacta (0).
export: las pruebas de un envío (registro de consentimiento, ciclo de vida, solicitud
censurada, respuesta del comprador, hash del registro) en PDF (personas) o JSON (programas).
</translation>
    </message>
    <message>
        <location filename="../src/cli/EvidenceCommand.cpp" line="+23" />
        <source>Usage: leadrelay-cli evidence verify [--db FILE|URI] [--head HASH]
       leadrelay-cli evidence export ID --format pdf|json --output FILE [--db …]

verify: recomputes the consent records' hash chain and names the first record that
was changed, removed or inserted (exit status 1), or says it is intact (0), and
prints the hash of its last record. Keep that line outside the history: --head
HASH later also fails when no record has that hash, which shows records cut from
the chain's end.
export: one submission's evidence (consent record, lifecycle, redacted request,
vendor's answer, record hash) as PDF for people or JSON for programs.
</source>
        <translation>Uso: leadrelay-cli evidence verify [--db ARCHIVO|URI] [--head HASH]
     leadrelay-cli evidence export ID --format pdf|json --output ARCHIVO [--db …]

verify: recalcula la cadena de hashes de los registros de consentimiento e indica el primer
registro modificado, eliminado o insertado (salida 1), o dice que está intacta (0), e
imprime el hash de su último registro. Guarde esa línea fuera del historial: más tarde,
--head HASH también falla si ningún registro tiene ese hash, lo que revela registros
quitados del final de la cadena.
export: las pruebas de un envío (registro de consentimiento, ciclo de vida, solicitud
censurada, respuesta del comprador, hash del registro) en PDF (personas) o JSON (programas).
</translation>
    </message>
    <message>
        <location line="+16" />
        <source>The head's hash printed by an earlier check: fail when no record has it.</source>
        <translation>El hash de la cabeza que imprimió una comprobación anterior: falla si ningún registro lo tiene.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>HASH</source>
        <translation>HASH</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Checks the consent evidence chain.</source>
        <translation>Comprueba la cadena de pruebas del consentimiento.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>--head takes the 64 hexadecimal digits that an earlier 'evidence verify' printed after "hash".</source>
        <translation>--head necesita los 64 dígitos hexadecimales que una 'evidence verify' anterior imprimió tras "hash".</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Cannot check the evidence: %1</source>
        <translation>No se pueden comprobar las pruebas: %1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The evidence chain is broken. %1</source>
        <translation>La cadena de pruebas está rota. %1</translation>
    </message>
    <message numerus="yes">
        <location line="+4" />
        <source>The evidence chain is intact: %n record(s) checked</source>
        <translation>
            <numerusform>La cadena de pruebas está intacta: %n registro comprobado</numerusform>
            <numerusform>La cadena de pruebas está intacta: %n registros comprobados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>, %n of them reduced to a tombstone by retention</source>
        <translation>
            <numerusform>, %n de ellos reducido a lápida por la conservación</numerusform>
            <numerusform>, %n de ellos reducidos a lápidas por la conservación</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5" />
        <source>Head: record %1, hash %2</source>
        <translation>Cabeza: registro %1, hash %2</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Keep the head's line outside the history (a ticket, an e-mail): 'evidence verify --head HASH' then also shows records cut from the end.</source>
        <translation>Guarde la línea de la cabeza fuera del historial (un ticket, un correo): así 'evidence verify --head HASH' también revela registros quitados del final.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The head you noted is record %1: the chain still holds it and every record before it.</source>
        <translation>La cabeza que anotó es el registro %1: la cadena aún lo contiene, y también todos los registros anteriores.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>pdf or json.</source>
        <translation>pdf o json.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>FORMAT</source>
        <translation>FORMATO</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The file to write.</source>
        <translation>El archivo que se escribe.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>FILE</source>
        <translation>ARCHIVO</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Writes one submission's evidence (ID: its history id).</source>
        <translation>Escribe las pruebas de un envío (ID: su id en el historial).</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Usage: leadrelay-cli evidence export ID --format pdf|json --output FILE (ID: the submission's id, as 'history' lists it).</source>
        <translation>Uso: leadrelay-cli evidence export ID --format pdf|json --output ARCHIVO (ID: el id del envío, como lo muestra 'history').</translation>
    </message>
    <message>
        <location line="+10" />
        <source>The history holds no submission %1.</source>
        <translation>El historial no contiene el envío %1.</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+4" />
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Evidence of %1 written to %2.</source>
        <translation>Pruebas de %1 escritas en %2.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../ui/FirstRunDialog.ui" line="+6" />
        <source>Welcome to LeadRelay</source>
        <translation>Bienvenido a LeadRelay</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Before the first lead: your name, and what every lead of each buyer starts with, so you never type it again. Everything can be changed later in Settings.</source>
        <translation>Antes del primer lead: su nombre y con qué empieza cada lead de cada comprador, para no volver a escribirlo nunca. Todo se puede cambiar después en Configuración.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Your name *</source>
        <translation>Su nombre *</translation>
    </message>
    <message>
        <location line="+3" />
        <source>e.g. maria.g</source>
        <translation>p. ej. maria.g</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Required: the history and every consent record say who took the call.</source>
        <translation>Obligatorio: el historial y cada registro de consentimiento dicen quién atendió la llamada.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>The mailing address is usually the service address</source>
        <translation>La dirección postal suele ser la dirección de servicio</translation>
    </message>
</context>
<context>
    <name>HistoryCommand</name>
    <message>
        <location filename="../src/cli/HistoryCommand.cpp" line="+40" />
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <location line="+0" />
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Created (local)</source>
        <translation>Creado (hora local)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Vendor</source>
        <translation>Prov.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Billable</source>
        <translation>Cobrable</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Final</source>
        <translation>Final</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Campaign</source>
        <translation>Campaña</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <location line="+18" />
        <source>returned</source>
        <translation>devuelto</translation>
    </message>
    <message>
        <location line="+30" />
        <source>Lists the submission history, newest first, read from the store page by page.
DATE is YYYY-MM-DD (a day in local time: --since includes it from its start, --until includes it to
its end) or an ISO date and time such as 2026-11-22T17:04:05Z (local time when it has no offset;
--until is then exclusive).
Formats: table (aligned columns for a terminal), json (an array of rows), csv (for spreadsheets:
cells that could run as formulas are neutralised).</source>
        <translation>Lista el historial de envíos, del más reciente al más antiguo, leído del almacén página por página.
FECHA es YYYY-MM-DD (un día en hora local: --since lo incluye desde su inicio, --until lo incluye
hasta su final) o una fecha y hora ISO como 2026-11-22T17:04:05Z (hora local si no tiene desfase
horario; --until es entonces exclusivo).
Formatos: table (columnas alineadas para una terminal), json (un arreglo de filas), csv (para hojas
de cálculo: se neutralizan las celdas que podrían ejecutarse como fórmulas).</translation>
    </message>
    <message>
        <location line="+32" />
        <source>Only this vendor: ntherm or bhm.</source>
        <translation>Solo este proveedor: ntherm o bhm.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>VENDOR</source>
        <translation>PROVEEDOR</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Only this outcome: %1, or awaiting_final.</source>
        <translation>Solo este resultado: %1 o awaiting_final.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>STATE</source>
        <translation>ESTADO</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only submissions from this date or moment on.</source>
        <translation>Solo envíos a partir de esta fecha o momento.</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+1" />
        <source>DATE</source>
        <translation>FECHA</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Only submissions up to this date or moment.</source>
        <translation>Solo envíos hasta esta fecha o momento.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Only rows whose customer, phone, agent, campaign or vendor lead id contain TEXT.</source>
        <translation>Solo filas cuyo cliente, teléfono, agente, campaña o ID de lead del proveedor contengan TEXTO.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>TEXT</source>
        <translation>TEXTO</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only this agent's submissions.</source>
        <translation>Solo los envíos de este agente.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>NAME</source>
        <translation>NOMBRE</translation>
    </message>
    <message>
        <location line="+1" />
        <source>table (default), json or csv.</source>
        <translation>table (predeterminado), json o csv.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>FORMAT</source>
        <translation>FORMATO</translation>
    </message>
    <message>
        <location line="+1" />
        <source>At most N rows (default: all).</source>
        <translation>Como máximo N filas (predeterminado: todas).</translation>
    </message>
    <message>
        <location line="+0" />
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Unknown vendor '%1': use --vendor ntherm or --vendor bhm.</source>
        <translation>Proveedor desconocido '%1': use --vendor ntherm o --vendor bhm.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Unknown outcome '%1': use one of %2, awaiting_final.</source>
        <translation>Resultado desconocido '%1': use uno de estos: %2, awaiting_final.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>--%1 '%2' is not a date: use YYYY-MM-DD or a date and time like 2026-11-22T17:04:05Z.</source>
        <translation>--%1 '%2' no es una fecha: use YYYY-MM-DD o una fecha y hora como 2026-11-22T17:04:05Z.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Unknown format '%1': use --format table, json or csv.</source>
        <translation>Formato desconocido '%1': use --format table, json o csv.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>--limit must be a whole number of rows, 1 or more.</source>
        <translation>--limit debe ser un número entero de filas, 1 o más.</translation>
    </message>
    <message>
        <location line="+31" />
        <source>Cannot read the history: %1</source>
        <translation>No se puede leer el historial: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+24" />
        <source>%n submission(s)</source>
        <translation>
            <numerusform>%n envío</numerusform>
            <numerusform>%n envíos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryExport</name>
    <message>
        <location filename="../src/store/HistoryExport.cpp" line="+90" />
        <source>The folder %1 does not exist.</source>
        <translation>La carpeta %1 no existe.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>LeadRelay may not write to %1 (no permission): choose another folder.</source>
        <translation>LeadRelay no puede escribir en %1 (sin permiso): elija otra carpeta.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Could not create %1: %2</source>
        <translation>No se pudo crear %1: %2</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Could not read the history: %1</source>
        <translation>No se pudo leer el historial: %1</translation>
    </message>
    <message>
        <location line="+58" />
        <source>The disk is full: %1 was not written. Free some space or choose another disk.</source>
        <translation>El disco está lleno: %1 no se escribió. Libere espacio o elija otro disco.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>HistoryLocationPage</name>
    <message>
        <location filename="../ui/HistoryLocationPage.ui" line="+8" />
        <source>&amp;This computer (a history file for this desk)</source>
        <translation>&amp;Este equipo (un archivo de historial para este puesto)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>History file</source>
        <translation>Archivo del historial</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Team &amp;server (one history for the whole floor)</source>
        <translation>&amp;Servidor del equipo (un historial para toda la sala)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e.g. floor.example.com</source>
        <translation>p. ej. sala.example.com</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e.g. leadrelay</source>
        <translation>p. ej. leadrelay</translation>
    </message>
    <message>
        <location line="+1" />
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the login your supervisor gave you</source>
        <translation>el usuario que le dio su supervisor</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kept in the system keychain, never in the settings file</source>
        <translation>Se guarda en el llavero del sistema, nunca en el archivo de configuración</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Encryption</source>
        <translation>Cifrado</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Test &amp;connection</source>
        <translation>&amp;Probar conexión</translation>
    </message>
    <message>
        <location line="+8" />
        <source>A new history takes effect after LeadRelay restarts.</source>
        <translation>Un historial nuevo se aplica cuando LeadRelay se reinicia.</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Search customer, phone, agent, campaign, vendor lead id</source>
        <translation type="vanished">Buscar cliente, teléfono, agente, campaña, ID de lead del proveedor</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.ui" line="+13" />
        <source>Search customer, phone, agent, campaign, vendor ids</source>
        <translation>Buscar cliente, teléfono, agente, campaña, ids del proveedor</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Vendor</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+1" />
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+8" />
        <source>any</source>
        <translation>cualquiera</translation>
    </message>
    <message>
        <location line="-7" />
        <location line="+8" />
        <source>yyyy-MM-dd</source>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <location line="-5" />
        <source>To</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Clear filters</source>
        <translation>Borrar filtros</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../ui/ImportDialog.ui" line="+8" />
        <source>Import leads</source>
        <translation>Importar leads</translation>
    </message>
    <message>
        <location line="+4" />
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A CSV or JSON Lines file of leads</source>
        <translation>Un archivo de leads CSV o JSON Lines</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Choose file…</source>
        <translation>Elegir archivo…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Vendor</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Choose a file: each row is checked before anything is sent. Double-click a row with problems to fix it in the form.</source>
        <translation>Elija un archivo: cada fila se revisa antes de enviar nada. Haga doble clic en una fila con problemas para corregirla en el formulario.</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Send valid leads</source>
        <translation>Enviar los leads válidos</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Stop sending</source>
        <translation>Dejar de enviar</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>Lead</name>
    <message>
        <location filename="../src/core/Lead.cpp" line="+149" />
        <source>"%1" must be %2</source>
        <translation>"%1" debe ser %2</translation>
    </message>
    <message>
        <location line="+7" />
        <source>%1 is not valid Unicode text (it holds an unpaired surrogate such as \ud800); retype it</source>
        <translation>%1 no es texto Unicode válido (contiene un sustituto suelto como \ud800); vuelva a escribirlo</translation>
    </message>
    <message>
        <location line="+126" />
        <source>Malformed JSON at byte %1: %2</source>
        <translation>JSON mal formado en el byte %1: %2</translation>
    </message>
    <message>
        <location line="+4" />
        <source>A lead must be a JSON object</source>
        <translation>Un lead debe ser un objeto JSON</translation>
    </message>
    <message>
        <location line="+17" />
        <source>a whole number</source>
        <translation>un número entero</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Lead format %1 is not supported (this version reads format %2)</source>
        <translation>El formato de lead %1 no es compatible (esta versión lee el formato %2)</translation>
    </message>
    <message>
        <location line="+5" />
        <location line="+12" />
        <source>a string</source>
        <translation>una cadena de texto</translation>
    </message>
    <message>
        <location line="-3" />
        <source>true or false</source>
        <translation>true o false</translation>
    </message>
    <message>
        <location line="+12" />
        <source>"%1" must be a UTC date and time like 2026-11-22T17:04:05Z</source>
        <translation>"%1" debe ser una fecha y hora UTC como 2026-11-22T17:04:05Z</translation>
    </message>
    <message>
        <location line="+5" />
        <source>"%1" must fall between the years 1 and 9999 in UTC</source>
        <translation>"%1" debe estar entre los años 1 y 9999 en UTC</translation>
    </message>
    <message>
        <location line="+8" />
        <source>a list of questions and answers</source>
        <translation>una lista de preguntas y respuestas</translation>
    </message>
    <message>
        <location line="+7" />
        <source>consent entry %1 must be an object with "question" and "answer"</source>
        <translation>la entrada de consentimiento %1 debe ser un objeto con "question" y "answer"</translation>
    </message>
    <message>
        <location line="+12" />
        <source>unknown key "%1" in consent entry %2</source>
        <translation>clave desconocida "%1" en la entrada de consentimiento %2</translation>
    </message>
    <message>
        <location line="+2" />
        <source>"%1" of consent entry %2 must be a string</source>
        <translation>"%1" de la entrada de consentimiento %2 debe ser una cadena de texto</translation>
    </message>
    <message>
        <location line="+2" />
        <source>"%1" of consent entry %2</source>
        <translation>"%1" de la entrada de consentimiento %2</translation>
    </message>
    <message>
        <location line="+8" />
        <source>unknown key "%1"</source>
        <translation>clave desconocida "%1"</translation>
    </message>
</context>
<context>
    <name>LeadPage</name>
    <message>
        <location filename="../ui/LeadPage.ui" line="+29" />
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
</context>
<context>
    <name>LeadRelay</name>
    <message>
        <source>the disk is full (%1): free some space</source>
        <translation type="obsolete">el disco está lleno (%1): libere espacio</translation>
    </message>
    <message>
        <location filename="../src/store/EvidenceExport.cpp" line="+42" />
        <location line="+6" />
        <location line="+9" />
        <location line="+4" />
        <location line="+26" />
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <location line="-43" />
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <location line="+0" />
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>LeadRelay::AboutDialog</name>
    <message>
        <location filename="../src/gui/AboutDialog.cpp" line="+25" />
        <source>LeadRelay %1</source>
        <translation>LeadRelay %1</translation>
    </message>
    <message>
        <location line="+10" />
        <source>&amp;Copy versions</source>
        <translation>&amp;Copiar versiones</translation>
    </message>
    <message>
        <location line="+14" />
        <source>%1 (built with %2)</source>
        <translation>%1 (compilado con %2)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Operating system</source>
        <translation>Sistema operativo</translation>
    </message>
    <message>
        <location line="+27" />
        <source>unavailable (Qt's SQLite driver is missing)</source>
        <translation>no disponible (falta el controlador SQLite de Qt)</translation>
    </message>
</context>
<context>
    <name>LeadRelay::AddressSection</name>
    <message>
        <location filename="../src/gui/AddressSection.cpp" line="+44" />
        <source>Mailing address</source>
        <translation>Dirección de correspondencia</translation>
    </message>
</context>
<context>
    <name>LeadRelay::AgentFilter</name>
    <message>
        <location filename="../src/gui/AgentFilter.cpp" line="+14" />
        <location line="+1" />
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <location line="+7" />
        <location line="+25" />
        <source>All agents</source>
        <translation>Todos los agentes</translation>
    </message>
</context>
<context>
    <name>LeadRelay::AppSettings</name>
    <message>
        <location filename="../src/gui/AppSettings.cpp" line="+269" />
        <source>Do you consent to be contacted?</source>
        <translation>¿Acepta que lo contacten?</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Do you agree to the terms and conditions?</source>
        <translation>¿Acepta los términos y condiciones?</translation>
    </message>
</context>
<context>
    <name>LeadRelay::BrightHorizonsVendor</name>
    <message>
        <location filename="../src/vendors/BrightHorizonsVendor.cpp" line="+101" />
        <source>The Bright Horizons Media account has no affiliate id.</source>
        <translation>La cuenta de Bright Horizons Media no tiene ID de afiliado.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The Bright Horizons Media affiliate id must be a number (digits only).</source>
        <translation>El ID de afiliado de Bright Horizons Media debe ser un número (solo dígitos).</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The Bright Horizons Media affiliate id is too long.</source>
        <translation>El ID de afiliado de Bright Horizons Media es demasiado largo.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The Bright Horizons Media account has no API key.</source>
        <translation>La cuenta de Bright Horizons Media no tiene clave de API.</translation>
    </message>
    <message>
        <location line="+110" />
        <source>Bright Horizons Media: %1</source>
        <translation>Bright Horizons Media: %1</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Bright Horizons Media did not accept the account's affiliate id or API key: check the account in the settings. The lead itself was not judged.</source>
        <translation>Bright Horizons Media no aceptó el ID de afiliado o la clave de API de la cuenta: revise la cuenta en la configuración. El lead en sí no fue evaluado.</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Bright Horizons Media could not validate the lead and gave no reason.</source>
        <translation>Bright Horizons Media no pudo validar el lead y no indicó el motivo.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Bright Horizons Media did not accept the lead and gave no reason.</source>
        <translation>Bright Horizons Media no aceptó el lead y no indicó el motivo.</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Bright Horizons Media does not send results later; this message was kept as received and changes nothing.</source>
        <translation>Bright Horizons Media no envía resultados posteriores; este mensaje se guardó tal como se recibió y no cambia nada.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::CallbackService</name>
    <message>
        <location filename="../src/gui/CallbackService.cpp" line="+73" />
        <source>Final results are not received (callback receiver off)</source>
        <translation>No se reciben resultados finales (receptor de callbacks desactivado)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Callback receiver off: "%1" is not an IP address</source>
        <translation>Receptor de callbacks desactivado: "%1" no es una dirección IP</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Cannot receive final results on %1:%2: the port is in use or the address is not available</source>
        <translation>No se pueden recibir resultados finales en %1:%2: el puerto está en uso o la dirección no está disponible</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Receiving final results on %1:%2</source>
        <translation>Recibiendo resultados finales en %1:%2</translation>
    </message>
</context>
<context>
    <name>LeadRelay::CallingRulesFile</name>
    <message>
        <location filename="../src/store/CallingRulesFile.cpp" line="+33" />
        <source>The calling rules in %1 were not used (%2); the built-in rules apply.</source>
        <translation>No se usaron las reglas de llamada de %1 (%2); se aplican las reglas integradas.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::CallingWindow</name>
    <message>
        <location filename="../src/core/CallingWindow.cpp" line="+87" />
        <source>The calling rules are not a JSON object: %1</source>
        <translation>Las reglas de llamadas no son un objeto JSON: %1</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Calling rule %1 is incomplete (jurisdiction, days, start before end, effective_from and source are required).</source>
        <translation>La regla de llamadas %1 está incompleta (se requieren jurisdicción, días, inicio antes del fin, effective_from y fuente).</translation>
    </message>
    <message>
        <location line="+9" />
        <source>The calling rules have no rule_set_id or no rules.</source>
        <translation>Las reglas de llamadas no tienen rule_set_id o no tienen reglas.</translation>
    </message>
    <message>
        <location line="+117" />
        <source>The consumer's local time is unknown (no valid state and ZIP in the service address), so LeadRelay cannot tell whether this call is inside the calling window.</source>
        <translation>Se desconoce la hora local del consumidor (no hay estado y código postal válidos en la dirección de servicio), así que LeadRelay no puede saber si esta llamada está dentro del horario de llamadas.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>It is %1 for the consumer (%2): no calling window allows calls on this day.</source>
        <translation>Son las %1 para el consumidor (%2): ningún horario de llamadas permite llamar este día.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>It is %1 for the consumer (%2), outside the calling window %3. Sources: %4.</source>
        <translation>Son las %1 para el consumidor (%2), fuera del horario de llamadas %3. Fuentes: %4.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::ConsentScriptsPage</name>
    <message>
        <location filename="../src/gui/ConsentScriptsPage.cpp" line="+52" />
        <source>New script</source>
        <translation>Guion nuevo</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save as new version</source>
        <translation>Guardar como versión nueva</translation>
    </message>
    <message>
        <location line="+7" />
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <location line="+3" />
        <source>One question per line</source>
        <translation>Una pregunta por línea</translation>
    </message>
    <message>
        <location line="+1" />
        <source>One seller per line, as the disclosure names them</source>
        <translation>Un vendedor por línea, tal como los nombra la divulgación</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Script:</source>
        <translation>Guion:</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Name (id):</source>
        <translation>Nombre (id):</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer's language:</source>
        <translation>Idioma del cliente:</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Title:</source>
        <translation>Título:</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Disclosure (read first):</source>
        <translation>Divulgación (se lee primero):</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Questions:</source>
        <translation>Preguntas:</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sellers named:</source>
        <translation>Vendedores nombrados:</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Purpose:</source>
        <translation>Finalidad:</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Only a supervisor can change the floor's consent scripts.</source>
        <translation>Solo un supervisor puede cambiar los guiones de consentimiento de la sala.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The history is not open: its consent scripts cannot be shown.</source>
        <translation>El historial no está abierto: no se pueden mostrar sus guiones de consentimiento.</translation>
    </message>
    <message>
        <location line="+17" />
        <source>%1 (version %2)</source>
        <translation>%1 (versión %2)</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Version %1, saved %2 by %3.</source>
        <translation>Versión %1, guardada el %2 por %3.</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Type a name for the new script (letters, digits and dashes), then save it.</source>
        <translation>Escriba un nombre para el guion nuevo (letras, dígitos y guiones) y guárdelo.</translation>
    </message>
    <message>
        <location line="+27" />
        <source>The name may hold lower-case letters, digits and dashes only.</source>
        <translation>El nombre solo puede tener minúsculas, dígitos y guiones.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>A script needs at least one question.</source>
        <translation>Un guion necesita al menos una pregunta.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Name the sellers and the purpose: the consent covers only what the script says.</source>
        <translation>Nombre los vendedores y la finalidad: el consentimiento solo cubre lo que dice el guion.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Saved as version %1. Records made with earlier versions keep the text that was read.</source>
        <translation>Guardado como versión %1. Los registros hechos con versiones anteriores conservan el texto que se leyó.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::ConsentSection</name>
    <message>
        <location filename="../src/gui/ConsentSection.cpp" line="+31" />
        <source>Consent answers</source>
        <translation>Respuestas de consentimiento</translation>
    </message>
    <message>
        <location line="+90" />
        <location line="+4" />
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location line="-3" />
        <location line="+4" />
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Press %1 for yes or %2 for no; the next question follows.</source>
        <translation>Pulse %1 para sí o %2 para no; sigue la siguiente pregunta.</translation>
    </message>
    <message>
        <location line="+48" />
        <source>Y</source>
        <comment>key that answers a consent question with yes</comment>
        <translation>S</translation>
    </message>
    <message>
        <location line="+5" />
        <source>N</source>
        <comment>key that answers a consent question with no</comment>
        <translation>N</translation>
    </message>
    <message>
        <location line="+77" />
        <source>Not recorded yet: answer every question.</source>
        <translation>Aún no registrado: responda todas las preguntas.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Consent recorded %1 (from the earlier submission)</source>
        <translation>Consentimiento registrado %1 (del envío anterior)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Consent recorded %1 by %2 (from the earlier submission)</source>
        <translation>Consentimiento registrado %1 por %2 (del envío anterior)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Recorded %1 UTC</source>
        <translation>Registrado a las %1 UTC</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Recorded %1 UTC by %2</source>
        <translation>Registrado a las %1 UTC por %2</translation>
    </message>
    <message>
        <location line="+86" />
        <source>Customer's language</source>
        <translation>Idioma del cliente</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Customer's language:</source>
        <translation>Idioma del cliente:</translation>
    </message>
</context>
<context>
    <name>LeadRelay::CredentialStore</name>
    <message>
        <location filename="../src/gui/CredentialStore.cpp" line="+38" />
        <source>No system keychain available: credentials are kept only until LeadRelay closes.</source>
        <translation>No hay llavero del sistema disponible: las credenciales se guardan solo hasta que LeadRelay se cierre.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::Dashboard</name>
    <message>
        <location filename="../src/gui/Dashboard.cpp" line="+36" />
        <source>Ctrl+C copies the selected cells, or the whole table.</source>
        <translation>Ctrl+C copia las celdas seleccionadas o toda la tabla.</translation>
    </message>
    <message>
        <location line="+15" />
        <source>The Table tab beside the chart holds its numbers.</source>
        <translation>La pestaña Tabla junto al gráfico contiene sus cifras.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Chart</source>
        <translation>Gráfico</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Table</source>
        <translation>Tabla</translation>
    </message>
    <message>
        <location line="+43" />
        <source>Reading the figures…</source>
        <translation>Leyendo las cifras…</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Day (UTC)</source>
        <translation>Día (UTC)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Vendor</source>
        <translation>Comprador</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Submissions per day by outcome, table</source>
        <translation>Envíos por día según resultado, tabla</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Submissions per day by outcome, chart</source>
        <translation>Envíos por día según resultado, gráfico</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sold or accepted rate per vendor, table</source>
        <translation>Tasa de vendidos o aceptados por comprador, tabla</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sold or accepted rate per vendor, chart</source>
        <translation>Tasa de vendidos o aceptados por comprador, gráfico</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Per agent</source>
        <translation>Por agente</translation>
    </message>
    <message>
        <location line="-46" />
        <source>Could not read the figures: %1</source>
        <translation>No se pudieron leer las cifras: %1</translation>
    </message>
    <message>
        <location line="+104" />
        <source>%1 submissions, %2 sent, %3 sold or accepted (%4 %), %5 net billable (%6 returned).</source>
        <translation>%1 envíos, %2 enviados, %3 vendidos o aceptados (%4 %), %5 facturables netos (%6 devueltos).</translation>
    </message>
    <message numerus="yes">
        <location line="+4" />
        <source>Awaiting a final result: %1, of which %2 stale (over %n hour(s)).</source>
        <translation>
            <numerusform>Esperando resultado final: %1, de ellos %2 atrasados (más de %n hora).</numerusform>
            <numerusform>Esperando resultado final: %1, de ellos %2 atrasados (más de %n horas).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3" />
        <source>Average wait for a final result: %1 min.</source>
        <translation>Espera media del resultado final: %1 min.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::DashboardCharts</name>
    <message>
        <location filename="../src/gui/DashboardCharts.cpp" line="+76" />
        <source>Submissions per week (UTC), by outcome</source>
        <translation>Envíos por semana (UTC), según resultado</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Submissions per day (UTC), by outcome</source>
        <translation>Envíos por día (UTC), según resultado</translation>
    </message>
    <message>
        <location line="+46" />
        <source>Sold or accepted, % of sent, per vendor</source>
        <translation>Vendidos o aceptados, % de enviados, por comprador</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sold or accepted</source>
        <translation>Vendidos o aceptados</translation>
    </message>
</context>
<context>
    <name>LeadRelay::DashboardFilters</name>
    <message>
        <location filename="../src/gui/DashboardFilters.cpp" line="+46" />
        <source>Period</source>
        <translation>Período</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Last 90 days</source>
        <translation>Últimos 90 días</translation>
    </message>
    <message>
        <location line="+1" />
        <source>All time</source>
        <translation>Todo</translation>
    </message>
    <message>
        <location line="+1" />
        <source>From – to…</source>
        <translation>Desde – hasta…</translation>
    </message>
    <message>
        <location line="+10" />
        <source>From (UTC day)</source>
        <translation>Desde (día UTC)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>To (UTC day, included)</source>
        <translation>Hasta (día UTC, incluido)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Vendor</source>
        <translation>Comprador</translation>
    </message>
    <message>
        <location line="+1" />
        <source>All vendors</source>
        <translation>Todos los proveedores</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+96" />
        <source>All agents</source>
        <translation>Todos los agentes</translation>
    </message>
    <message>
        <location line="-91" />
        <source>Campaign</source>
        <translation>Campaña</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+94" />
        <source>All campaigns</source>
        <translation>Todas las campañas</translation>
    </message>
    <message>
        <location line="-91" />
        <source>Training or production</source>
        <translation>Formación o producción</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Production and training</source>
        <translation>Producción y formación</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Production</source>
        <translation>Producción</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Training</source>
        <translation>Formación</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Days are UTC.</source>
        <translation>Los días son UTC.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The dashboard counts submissions by the UTC day they were created, so every desk of a floor sees the same days.</source>
        <translation>El panel cuenta los envíos por el día UTC en que se crearon, así todos los puestos de una sala ven los mismos días.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::DncSection</name>
    <message>
        <location filename="../src/gui/DncSection.cpp" line="+25" />
        <source>I have read the calling-window warning; record this consent anyway</source>
        <translation>He leído el aviso del horario de llamadas; registrar este consentimiento de todos modos</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Customer asked &amp;not to be called</source>
        <translation>El cliente pidió que &amp;no lo llamen</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Puts this phone on the company do-not-call list: leads to it are refused.</source>
        <translation>Pone este teléfono en la lista de no llamar de la empresa: los leads a él se rechazan.</translation>
    </message>
    <message>
        <location line="+78" />
        <source>Calling window: %1 for the consumer (%2), inside %3.</source>
        <translation>Horario de llamadas: %1 para el consumidor (%2), dentro de %3.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Calling window: checked once the service address has its state and ZIP.</source>
        <translation>Horario de llamadas: se comprueba cuando la dirección de servicio tenga su estado y su código postal.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>OUTSIDE THE CALLING WINDOW. %1 (%2; LeadRelay gives no legal advice.)</source>
        <translation>FUERA DEL HORARIO DE LLAMADAS. %1 (%2; LeadRelay no da asesoría legal.)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>On the company do-not-call list since %1 (%2): this lead will not be sent.</source>
        <translation>En la lista de no llamar de la empresa desde el %1 (%2): este lead no se enviará.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>On the %1 do-not-call registry (download of %2).</source>
        <translation>En el registro de no llamar %1 (descarga del %2).</translation>
    </message>
    <message>
        <source>Do-not-call registry older than %1 days: %2. Download it again.</source>
        <translation type="vanished">Registro de no llamar de más de %1 días: %2. Descárguelo de nuevo.</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Customer asked not to be called</source>
        <translation>El cliente pidió que no lo llamen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Put %1 on the company do-not-call list? No lead to this number will be sent until a supervisor removes it.</source>
        <translation>¿Poner %1 en la lista de no llamar de la empresa? No se enviará ningún lead a este número hasta que un supervisor lo retire.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Add to the list</source>
        <translation>Añadir a la lista</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Customer asked not to be called (on the call)</source>
        <translation>El cliente pidió que no lo llamen (en la llamada)</translation>
    </message>
</context>
<context>
    <name>LeadRelay::EvidenceChain</name>
    <message>
        <location filename="../src/store/EvidenceChain.cpp" line="+159" />
        <source>Record %1 (submission %2) was changed: its content no longer matches its hash.</source>
        <translation>El registro %1 (envío %2) se modificó: su contenido ya no coincide con su hash.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Record %1 (submission %2) was changed: its content is gone without a retention tombstone.</source>
        <translation>El registro %1 (envío %2) se modificó: su contenido desapareció sin una lápida de conservación.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Record %1 was changed: it was moved from submission %2 to %3.</source>
        <translation>El registro %1 se modificó: se movió del envío %2 al %3.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Record %1 was inserted: its submission %2 is not in the history.</source>
        <translation>El registro %1 se insertó: su envío %2 no está en el historial.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Record %1 was inserted: submission %2 already has a consent record.</source>
        <translation>El registro %1 se insertó: el envío %2 ya tiene un registro de consentimiento.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Record %1 (submission %2) was changed: its hashes do not match each other.</source>
        <translation>El registro %1 (envío %2) se modificó: sus hashes no coinciden entre sí.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Record %1 was removed (the chain goes from record %2 to record %3).</source>
        <translation>El registro %1 se eliminó (la cadena pasa del registro %2 al registro %3).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Records %1 to %2 were removed.</source>
        <translation>Se eliminaron los registros %1 a %2.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Record %1 (submission %2) was inserted: the record after it follows the record before it.</source>
        <translation>El registro %1 (envío %2) se insertó: el registro siguiente sigue al anterior a él.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>The chain breaks after record %1 (submission %2): it was changed and its hashes recomputed, or a record after it was removed and the rest renumbered.</source>
        <translation>La cadena se rompe tras el registro %1 (envío %2): se modificó y se recalcularon sus hashes, o se eliminó un registro posterior y se renumeró el resto.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Record %1 (submission %2) follows a record the history no longer holds: records before it were removed.</source>
        <translation>El registro %1 (envío %2) sigue a un registro que el historial ya no contiene: se eliminaron registros anteriores.</translation>
    </message>
    <message>
        <location line="+22" />
        <source>No record has the head you noted (%1): records at the chain's end were removed, or the chain was rewritten. Its last record now is record %2.</source>
        <translation>Ningún registro tiene la cabeza que anotó (%1): se quitaron registros del final de la cadena, o la cadena se reescribió. Su último registro es ahora el registro %2.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::EvidenceExport</name>
    <message>
        <location filename="../src/cli/EvidencePdf.cpp" line="+23" />
        <source>Consent evidence</source>
        <translation>Pruebas de consentimiento</translation>
    </message>
    <message>
        <location filename="../src/store/EvidenceExport.cpp" line="+119" />
        <source>Consent evidence for submission %1</source>
        <translation>Pruebas de consentimiento del envío %1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Vendor %1 (%2), agent %3, campaign %4.</source>
        <translation>Comprador %1 (%2), agente %3, campaña %4.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Consent record</source>
        <translation>Registro de consentimiento</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No consent record was kept for this submission.</source>
        <translation>No se guardó ningún registro de consentimiento para este envío.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The content was removed by the retention policy on %1; its hash remains in the chain.</source>
        <translation>La política de conservación eliminó el contenido el %1; su hash sigue en la cadena.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Script as read</source>
        <translation>Guion tal como se leyó</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Hash chain</source>
        <translation>Cadena de hashes</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Lifecycle</source>
        <translation>Ciclo de vida</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Request as sent (redacted)</source>
        <translation>Solicitud enviada (censurada)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Vendor's answer</source>
        <translation>Respuesta del comprador</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Final result (callback)</source>
        <translation>Resultado final (callback)</translation>
    </message>
</context>
<context>
    <name>LeadRelay::EvidenceExporter</name>
    <message>
        <location filename="../src/gui/EvidenceExport.cpp" line="+47" />
        <source>Export evidence</source>
        <translation>Exportar pruebas</translation>
    </message>
    <message>
        <location line="+1" />
        <source>PDF document (*.pdf);;JSON (*.json)</source>
        <translation>Documento PDF (*.pdf);;JSON (*.json)</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Consent evidence</source>
        <translation>Pruebas de consentimiento</translation>
    </message>
    <message>
        <location line="+15" />
        <source>The history no longer holds this submission.</source>
        <translation>El historial ya no contiene este envío.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::ExportDialog</name>
    <message>
        <location filename="../src/gui/ExportDialog.cpp" line="+32" />
        <source>CSV for spreadsheets (*.csv)</source>
        <translation>CSV para hojas de cálculo (*.csv)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>JSON for scripts (*.json)</source>
        <translation>JSON para scripts (*.json)</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+22" />
        <source>Export history</source>
        <translation>Exportar historial</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Writing %1…</source>
        <translation>Escribiendo %1…</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Export cancelled: no file was written.</source>
        <translation>Exportación cancelada: no se escribió ningún archivo.</translation>
    </message>
    <message>
        <location line="+47" />
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Exported 1 submission to %1.</source>
        <translation>Se exportó 1 envío a %1.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Exported %1 submissions to %2.</source>
        <translation>Se exportaron %1 envíos a %2.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>The export failed: %1</source>
        <translation>La exportación falló: %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>LeadRelay::FieldFeedback</name>
    <message>
        <location filename="../src/gui/FieldFeedback.cpp" line="+68" />
        <source>⚠ Warning: %1</source>
        <translation>⚠ Advertencia: %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>✖ %1</source>
        <translation>✖ %1</translation>
    </message>
</context>
<context>
    <name>LeadRelay::FirstRunDialog</name>
    <message>
        <location filename="../src/gui/FirstRunDialog.cpp" line="+27" />
        <source>Start</source>
        <translation>Empezar</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Skip: try it in training</source>
        <translation>Omitir: probar en formación</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Every account stays in training: leads go to the built-in simulator, nothing is sold.</source>
        <translation>Todas las cuentas quedan en formación: los leads van al simulador integrado y no se vende nada.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Your name</source>
        <translation>Su nombre</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <location line="+53" />
        <source>%1: every new lead starts with</source>
        <translation>%1: cada lead nuevo empieza con</translation>
    </message>
    <message>
        <location line="+10" />
        <source>%1 default %2</source>
        <translation>%2 predeterminado de %1</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Campaign</source>
        <translation>Campaña</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Source URL</source>
        <translation>URL de origen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sub 1</source>
        <translation>Sub 1</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Enter your name, or skip to try LeadRelay in training.</source>
        <translation>Escriba su nombre u omita para probar LeadRelay en formación.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>%1 source URL: %2</source>
        <translation>URL de origen de %1: %2</translation>
    </message>
</context>
<context>
    <name>LeadRelay::HistoryLocationPage</name>
    <message>
        <location filename="../src/gui/HistoryLocationPage.cpp" line="+36" />
        <source>Always encrypt</source>
        <translation>Cifrar siempre</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Always encrypt, and check the server's certificate authority</source>
        <translation>Cifrar siempre y comprobar la autoridad de certificación del servidor</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Always encrypt, and check the certificate and the server's name</source>
        <translation>Cifrar siempre y comprobar el certificado y el nombre del servidor</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Encrypt when the server offers it</source>
        <translation>Cifrar cuando el servidor lo ofrezca</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Never encrypt (only on a network you trust)</source>
        <translation>No cifrar nunca (solo en una red de confianza)</translation>
    </message>
    <message>
        <location line="+93" />
        <source>Choose a file for this computer's history.</source>
        <translation>Elija un archivo para el historial de este equipo.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Give the team server's name or address.</source>
        <translation>Indique el nombre o la dirección del servidor del equipo.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Give the name of the team database.</source>
        <translation>Indique el nombre de la base de datos del equipo.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Give your user name on the team server.</source>
        <translation>Indique su usuario en el servidor del equipo.</translation>
    </message>
    <message>
        <location line="+30" />
        <source>Testing…</source>
        <translation>Probando…</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Connected: team history ready.</source>
        <translation>Conectado: historial del equipo listo.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Not connected: %1</source>
        <translation>Sin conexión: %1</translation>
    </message>
    <message>
        <location line="+11" />
        <source>History file</source>
        <translation>Archivo del historial</translation>
    </message>
    <message>
        <location line="+1" />
        <source>SQLite history (*.sqlite *.db);;All files (*)</source>
        <translation>Historial SQLite (*.sqlite *.db);;Todos los archivos (*)</translation>
    </message>
</context>
<context>
    <name>LeadRelay::HistoryStartup</name>
    <message>
        <location filename="../src/gui/HistoryStartup.cpp" line="+26" />
        <source>Team history not available</source>
        <translation>Historial del equipo no disponible</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Try again</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Settings…</source>
        <translation>Configuración…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Use this computer's history for now</source>
        <translation>Usar por ahora el historial de este equipo</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location line="+51" />
        <source>The team server in Settings → History is not complete: %1</source>
        <translation>El servidor del equipo en Configuración → Historial no está completo: %1</translation>
    </message>
    <message>
        <location line="+27" />
        <source>LeadRelay could not open the team history.

%1

You can try again, correct the server in Settings, or work with this computer's history until the next start (your supervisor can copy those leads to the team history later).</source>
        <translation>LeadRelay no pudo abrir el historial del equipo.

%1

Puede reintentar, corregir el servidor en Configuración o trabajar con el historial de este equipo hasta el próximo inicio (su supervisor puede copiar esos leads al historial del equipo más tarde).</translation>
    </message>
</context>
<context>
    <name>LeadRelay::HistoryStore</name>
    <message>
        <location filename="../src/store/HistoryStore.cpp" line="+93" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The SQLite driver of Qt (QSQLITE) is not available</source>
        <translation type="vanished">El controlador SQLite de Qt (QSQLITE) no está disponible</translation>
    </message>
    <message>
        <location filename="../src/store/HistorySqlite.cpp" line="+140" />
        <source>Could not create the folder %1</source>
        <translation>No se pudo crear la carpeta %1</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Could not create the history file %1</source>
        <translation>No se pudo crear el archivo del historial %1</translation>
    </message>
    <message>
        <location line="-15" />
        <source>Could not open the history %1</source>
        <translation>No se pudo abrir el historial %1</translation>
    </message>
    <message>
        <location line="-48" />
        <source>the disk is full (%1): free some space</source>
        <translation>el disco está lleno (%1): libere espacio</translation>
    </message>
    <message>
        <location line="+52" />
        <source>%1 is not a file; choose a history file</source>
        <translation>%1 no es un archivo; elija un archivo de historial</translation>
    </message>
    <message>
        <location line="+46" />
        <source>%1 is not a LeadRelay history (it is not a database at all). It was left unchanged; choose another file.</source>
        <translation>%1 no es un historial de LeadRelay (ni siquiera es una base de datos). No se modificó; elija otro archivo.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>%1 is not a LeadRelay history (it belongs to another application). It was left unchanged; choose another file.</source>
        <translation>%1 no es un historial de LeadRelay (pertenece a otra aplicación). No se modificó; elija otro archivo.</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryStoreOpen.cpp" line="+41" />
        <source>Qt's database driver %1 is not installed (on Debian: libqt6sql6-sqlite or libqt6sql6-psql)</source>
        <translation>El controlador de base de datos %1 de Qt no está instalado (en Debian: libqt6sql6-sqlite o libqt6sql6-psql)</translation>
    </message>
    <message>
        <location line="+42" />
        <source>Could not prepare the history %1</source>
        <translation>No se pudo preparar el historial %1</translation>
    </message>
    <message>
        <location line="+48" />
        <source>Could not recover interrupted submissions</source>
        <translation>No se pudieron recuperar los envíos interrumpidos</translation>
    </message>
    <message>
        <location line="+65" />
        <source>Could not keep the answer of %1 in the side journal %2</source>
        <translation>No se pudo guardar la respuesta de %1 en el diario auxiliar %2</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Could not read the side journal %1</source>
        <translation>No se pudo leer el diario auxiliar %1</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Could not clear the side journal %1</source>
        <translation>No se pudo vaciar el diario auxiliar %1</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryGroupWrites.cpp" line="+58" />
        <source>Could not record a group of submissions</source>
        <translation>No se pudo registrar un grupo de envíos</translation>
    </message>
    <message>
        <source>the history is not open</source>
        <translation type="vanished">el historial no está abierto</translation>
    </message>
    <message>
        <location line="+17" />
        <source>the answer of %1: %2</source>
        <translation>la respuesta de %1: %2</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryStoreOpen.cpp" line="-66" />
        <source>Interrupted: LeadRelay stopped while this lead was being sent. It may have reached the vendor; check with the vendor before resubmitting.</source>
        <translation>Interrumpido: LeadRelay se detuvo mientras se enviaba este lead. Es posible que haya llegado al proveedor; consulte con el proveedor antes de volver a enviarlo.</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryStore.cpp" line="+44" />
        <source>Could not record the submission</source>
        <translation>No se pudo registrar el envío</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Not recorded: a duplicate of submission %1</source>
        <translation>No registrado: duplicado del envío %1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Not recorded: this phone is on the company do-not-call list</source>
        <translation>No registrado: este teléfono está en la lista de no llamar de la empresa</translation>
    </message>
    <message>
        <location line="+90" />
        <source>Could not record the answer of %1</source>
        <translation>No se pudo registrar la respuesta de %1</translation>
    </message>
    <message>
        <location line="+39" />
        <source>no such submission</source>
        <translation>no existe ese envío</translation>
    </message>
    <message>
        <location line="+75" />
        <source>Could not record a final result</source>
        <translation>No se pudo registrar un resultado final</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryStoreOpen.cpp" line="-67" />
        <location line="+107" />
        <source>The history is not open</source>
        <translation>El historial no está abierto</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryStoreQuery.cpp" line="+58" />
        <source>Could not look for an earlier submission</source>
        <translation>No se pudo buscar un envío anterior</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Part of submission %1 cannot be read</source>
        <translation>No se puede leer parte del envío %1</translation>
    </message>
    <message>
        <location filename="../src/store/EvidenceExport.cpp" line="+22" />
        <location filename="../src/store/HistoryExport.cpp" line="-117" />
        <location filename="../src/store/HistoryStoreQuery.cpp" line="-8" />
        <location line="+29" />
        <location line="+33" />
        <location line="+74" />
        <location filename="../src/store/HistoryTeam.cpp" line="+91" />
        <source>Could not read the history</source>
        <translation>No se pudo leer el historial</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryReport.cpp" line="+22" />
        <location filename="../src/store/HistoryStoreQuery.cpp" line="-48" />
        <source>Could not count the history</source>
        <translation>No se pudieron contar los registros del historial</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryBulkImport.cpp" line="+224" />
        <source>Could not import into the history</source>
        <translation>No se pudo importar al historial</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryTeam.cpp" line="-60" />
        <source>Qt's database driver %1 is not installed (on Debian: libqt6sql6-psql)</source>
        <translation>El controlador de base de datos %1 de Qt no está instalado (en Debian: libqt6sql6-psql)</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryPostgres.cpp" line="+106" />
        <source>Could not open the team history %1</source>
        <translation>No se pudo abrir el historial del equipo %1</translation>
    </message>
    <message>
        <location line="+25" />
        <source>The team server runs PostgreSQL %1, too old for LeadRelay (it needs 12 or newer); ask the administrator to upgrade it.</source>
        <translation>El servidor del equipo usa PostgreSQL %1, demasiado antiguo para LeadRelay (necesita la 12 o posterior); pida al administrador que lo actualice.</translation>
    </message>
    <message>
        <location line="+39" />
        <source>the team database is not initialised: ask the administrator to run "leadrelay-cli team init"</source>
        <translation>la base de datos del equipo no está inicializada: pida al administrador que ejecute "leadrelay-cli team init"</translation>
    </message>
    <message>
        <location line="+7" />
        <source>the team database has an older schema (%1; this version needs %2): ask the administrator to run "leadrelay-cli team init" to upgrade it</source>
        <translation>la base de datos del equipo tiene un esquema anterior (%1; esta versión necesita %2): pida al administrador que ejecute "leadrelay-cli team init" para actualizarla</translation>
    </message>
    <message>
        <location line="+40" />
        <source>the team server refused the user name or password (%1)</source>
        <translation>el servidor del equipo rechazó el usuario o la contraseña (%1)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>the team server cannot be reached (%1): check the network and the server's address, or ask your supervisor</source>
        <translation>no se puede llegar al servidor del equipo (%1): revise la red y la dirección del servidor, o consulte a su supervisor</translation>
    </message>
    <message>
        <location line="+6" />
        <source>the team database %1 does not exist on the server</source>
        <translation>la base de datos del equipo %1 no existe en el servidor</translation>
    </message>
    <message>
        <location line="+4" />
        <source>the secure connection (TLS) to the team server failed: %1</source>
        <translation>falló la conexión segura (TLS) con el servidor del equipo: %1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>the team server does not allow this login to do that (%1)</source>
        <translation>el servidor del equipo no permite eso a este usuario (%1)</translation>
    </message>
    <message>
        <source>the team database has an older schema: ask the administrator to run "leadrelay-cli team init" to upgrade it</source>
        <translation type="vanished">la base de datos del equipo tiene un esquema anterior: pida al administrador que ejecute "leadrelay-cli team init" para actualizarla</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryTeam.cpp" line="+26" />
        <source>Could not read the team's settings</source>
        <translation>No se pudo leer la configuración del equipo</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Could not change the team's settings</source>
        <translation>No se pudo cambiar la configuración del equipo</translation>
    </message>
    <message>
        <location filename="../src/store/ConsentScripts.cpp" line="+64" />
        <location line="+22" />
        <source>Could not read the consent scripts</source>
        <translation>No se pudieron leer los guiones de consentimiento</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Could not save the consent script</source>
        <translation>No se pudo guardar el guion de consentimiento</translation>
    </message>
    <message>
        <location line="+4" />
        <source>the script has no name</source>
        <translation>el guion no tiene nombre</translation>
    </message>
    <message>
        <location filename="../src/store/EvidenceChain.cpp" line="+20" />
        <source>Could not read the consent record</source>
        <translation>No se pudo leer el registro de consentimiento</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Checking the evidence needs a supervisor's login (or the team database's owner).</source>
        <translation>Comprobar las pruebas requiere el usuario de un supervisor (o el propietario de la base de datos del equipo).</translation>
    </message>
    <message>
        <location filename="../src/store/HistoryCompact.cpp" line="+63" />
        <source>Could not compact the history</source>
        <translation>No se pudo compactar el historial</translation>
    </message>
    <message>
        <location filename="../src/store/Retention.cpp" line="+39" />
        <source>Could not apply the retention policy</source>
        <translation>No se pudo aplicar la política de conservación</translation>
    </message>
    <message>
        <location line="+6" />
        <source>no cut-off date</source>
        <translation>sin fecha límite</translation>
    </message>
    <message>
        <location filename="../src/store/ReturnsStore.cpp" line="+73" />
        <location line="+33" />
        <source>Could not look up returned leads</source>
        <translation>No se pudieron buscar los leads devueltos</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Could not record the returns</source>
        <translation>No se pudieron registrar las devoluciones</translation>
    </message>
    <message>
        <location filename="../src/store/HistorySchema.cpp" line="+154" />
        <source>The history was written by a newer version of LeadRelay (schema %1; this version knows up to %2). It was left unchanged; update LeadRelay to open it.</source>
        <translation>El historial lo escribió una versión más reciente de LeadRelay (esquema %1; esta versión conoce hasta el %2). No se ha modificado; actualice LeadRelay para abrirlo.</translation>
    </message>
    <message>
        <location line="+88" />
        <source>Schema migration %1 failed: %2</source>
        <translation>Falló la migración del esquema %1: %2</translation>
    </message>
</context>
<context>
    <name>LeadRelay::HistoryTableModel</name>
    <message>
        <location filename="../src/gui/HistoryTableModel.cpp" line="+95" />
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sold</source>
        <translation>Vendido</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Accepted</source>
        <translation>Aceptado</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Accepted, not sold</source>
        <translation>Aceptado, no vendido</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Rejected</source>
        <translation>Rechazado</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Invalid</source>
        <translation>Inválido</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Account error</source>
        <translation>Error de cuenta</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not delivered</source>
        <translation>No entregado</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Delivery unknown</source>
        <translation>Entrega desconocida</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Accepted (final)</source>
        <translation>Aceptado (final)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Accepted — awaiting final (stale)</source>
        <translation>Aceptado — esperando resultado final (atrasado)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Accepted (preliminary)</source>
        <translation>Aceptado (preliminar)</translation>
    </message>
    <message>
        <location line="+181" />
        <source>%1 (training)</source>
        <translation>%1 (capacitación)</translation>
    </message>
    <message>
        <location line="+13" />
        <source>No (training)</source>
        <translation>No (capacitación)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No (returned)</source>
        <translation>No (devuelto)</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+2" />
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location line="-2" />
        <location line="+2" />
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location line="+41" />
        <source>Time</source>
        <translation>Fecha y hora</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Vendor</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Campaign</source>
        <translation>Campaña</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Billable</source>
        <translation>Facturable</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Final</source>
        <translation>Final</translation>
    </message>
</context>
<context>
    <name>LeadRelay::HistoryView</name>
    <message>
        <location filename="../src/gui/HistoryView.cpp" line="+75" />
        <source>All vendors</source>
        <translation>Todos los proveedores</translation>
    </message>
    <message>
        <location line="+3" />
        <source>All outcomes</source>
        <translation>Todos los resultados</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Awaiting final result</source>
        <translation>Esperando resultado final</translation>
    </message>
    <message>
        <location line="+9" />
        <source>E&amp;xport…</source>
        <translation>E&amp;xportar…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Import &amp;returns…</source>
        <translation>Importar &amp;devoluciones…</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Write the submissions of this filter to a CSV or JSON file (%1)</source>
        <translation>Escribir los envíos de este filtro en un archivo CSV o JSON (%1)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Record the leads a buyer returned, from their CSV file</source>
        <translation>Registrar los leads que devolvió un comprador, desde su archivo CSV</translation>
    </message>
    <message>
        <location line="+77" />
        <location line="+10" />
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <location line="-9" />
        <source>Vendor</source>
        <translation>Comprador</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+1" />
        <source>From date</source>
        <translation>Desde la fecha</translation>
    </message>
    <message>
        <location line="+1" />
        <source>To date</source>
        <translation>Hasta la fecha</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Submissions</source>
        <translation>Envíos</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Search customer, phone, agent, campaign, vendor lead or transaction id (%1)</source>
        <translation>Buscar cliente, teléfono, agente, campaña, id de lead o de transacción del comprador (%1)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <location line="+201" />
        <location line="+9" />
        <source>Customer asked not to be called</source>
        <translation>El cliente pidió que no lo llamen</translation>
    </message>
    <message>
        <location line="-8" />
        <source>Put %1 (%2) on the company do-not-call list? No lead to this number will be sent until a supervisor removes it.</source>
        <translation>¿Poner %1 (%2) en la lista de no llamar de la empresa? No se enviará ningún lead a este número hasta que un supervisor lo retire.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Add to the list</source>
        <translation>Añadir a la lista</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+7" />
        <source>%1 is on the company do-not-call list: leads to it will be refused.</source>
        <translation>%1 está en la lista de no llamar de la empresa: los leads a él se rechazarán.</translation>
    </message>
    <message>
        <source>Search customer, phone, agent, campaign, vendor lead id (%1)</source>
        <translation type="vanished">Buscar cliente, teléfono, agente, campaña, id de lead del comprador (%1)</translation>
    </message>
    <message>
        <location line="-203" />
        <source>Enter loads the selected submission into the form (%1); %2 sends it to the other buyer</source>
        <translation>Intro carga el envío seleccionado en el formulario (%1); %2 lo envía al otro comprador</translation>
    </message>
    <message>
        <location line="+35" />
        <source>Customer asked &amp;not to be called…</source>
        <translation>El cliente pidió que &amp;no lo llamen…</translation>
    </message>
    <message>
        <location line="+98" />
        <source>first %1 of about %2 submissions</source>
        <translation>primeros %1 de unos %2 envíos</translation>
    </message>
    <message>
        <location line="+3" />
        <source>1 submission</source>
        <translation>1 envío</translation>
    </message>
    <message>
        <location line="+0" />
        <source>%1 submissions</source>
        <translation>%1 envíos</translation>
    </message>
</context>
<context>
    <name>LeadRelay::ImportDialog</name>
    <message>
        <location filename="../src/gui/ImportDialog.cpp" line="+41" />
        <source>Import leads</source>
        <translation>Importar leads</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Leads (*.csv *.jsonl *.ndjson *.json);;All files (*)</source>
        <translation>Leads (*.csv *.jsonl *.ndjson *.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Stopped. Rows not sent can be sent by importing the file again; rows already recorded are never sent twice.</source>
        <translation>Detenido. Las filas no enviadas se pueden enviar importando el archivo otra vez; las filas ya registradas nunca se envían dos veces.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Done. Double-click a row to open its history entry.</source>
        <translation>Listo. Haga doble clic en una fila para abrir su entrada del historial.</translation>
    </message>
    <message>
        <location line="+32" />
        <source>Reading %1…</source>
        <translation>Leyendo %1…</translation>
    </message>
    <message>
        <location line="+23" />
        <source>This file cannot be imported: %1.</source>
        <translation>Este archivo no se puede importar: %1.</translation>
    </message>
    <message numerus="yes">
        <location line="+5" />
        <source>%n row(s), all ready to send.</source>
        <translation>
            <numerusform>%n fila, lista para enviar.</numerusform>
            <numerusform>%n filas, todas listas para enviar.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 rows: %2 with problems (not sent; double-click one to fix it in the form).</source>
        <translation>%1 filas: %2 con problemas (no se envían; haga doble clic en una para corregirla en el formulario).</translation>
    </message>
    <message numerus="yes">
        <location line="+34" />
        <source>Sending %n lead(s)…</source>
        <translation>
            <numerusform>Enviando %n lead…</numerusform>
            <numerusform>Enviando %n leads…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10" />
        <source>Stopping: no new rows; waiting for %n in flight.</source>
        <translation>
            <numerusform>Deteniendo: no hay filas nuevas; esperando %n en curso.</numerusform>
            <numerusform>Deteniendo: no hay filas nuevas; esperando %n en curso.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+37" />
        <source>Send %n valid lead(s)</source>
        <translation>
            <numerusform>Enviar %n lead válido</numerusform>
            <numerusform>Enviar %n leads válidos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeadRelay::ImportRowsModel</name>
    <message>
        <location filename="../src/gui/ImportRowsModel.cpp" line="+60" />
        <source>duplicate</source>
        <translation>duplicado</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sent to this vendor on %1 (submission %2).</source>
        <translation>Enviado a este proveedor el %1 (envío %2).</translation>
    </message>
    <message>
        <location line="+5" />
        <source>already sent</source>
        <translation>ya enviado</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Recorded by an earlier import (%1); not sent again.</source>
        <translation>Registrado por una importación anterior (%1); no se vuelve a enviar.</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+4" />
        <location line="+8" />
        <source>not sent</source>
        <translation>no enviado</translation>
    </message>
    <message>
        <location line="-11" />
        <source>The history could not be written: %1</source>
        <translation>No se pudo escribir en el historial: %1</translation>
    </message>
    <message>
        <location line="+7" />
        <source>do not call</source>
        <translation>no llamar</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Stopped before this row; import the file again to send it.</source>
        <translation>Se detuvo antes de esta fila; importe el archivo otra vez para enviarla.</translation>
    </message>
    <message>
        <location line="+74" />
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+2" />
        <source>History entry</source>
        <translation>Entrada del historial</translation>
    </message>
</context>
<context>
    <name>LeadRelay::LeadForm</name>
    <message>
        <location filename="../src/gui/LeadForm.cpp" line="+252" />
        <source>required by %1</source>
        <translation>obligatorio para %1</translation>
    </message>
    <message>
        <location line="+12" />
        <source>required by %1: at least one of %2</source>
        <translation>obligatorio para %1: al menos uno de %2</translation>
    </message>
    <message>
        <location line="+0" />
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+10" />
        <source>* required by %1    (*) at least one of the marked fields</source>
        <translation>* obligatorio para %1    (*) al menos uno de los campos marcados</translation>
    </message>
    <message>
        <location line="+78" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+10" />
        <source>1 field still to fill: %1</source>
        <translation>Falta 1 campo por llenar: %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 fields still to fill, next: %2</source>
        <translation>Faltan %1 campos por llenar; siguiente: %2</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Consent answers</source>
        <translation>Respuestas de consentimiento</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Mailing street</source>
        <translation>Calle postal</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Mailing city</source>
        <translation>Ciudad postal</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Mailing state</source>
        <translation>Estado postal</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Mailing ZIP</source>
        <translation>Código postal de correspondencia</translation>
    </message>
</context>
<context>
    <name>LeadRelay::LeadPage</name>
    <message>
        <location filename="../src/gui/LeadPage.cpp" line="+56" />
        <source>Send the lead (%1)</source>
        <translation>Enviar el lead (%1)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 sends · %2 starts a new lead</source>
        <translation>%1 envía · %2 inicia un lead nuevo</translation>
    </message>
    <message>
        <location line="+22" />
        <source>The unsent lead could not be saved as a draft: %1</source>
        <translation>No se pudo guardar el lead no enviado como borrador: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <location filename="../src/gui/LeadPageLoad.cpp" line="+126" />
        <source>Dismiss</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location line="+15" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Choose the vendor (%1)</source>
        <translation>Elija el comprador (%1)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+60" />
        <source>Send to %1</source>
        <translation>Enviar a %1</translation>
    </message>
    <message>
        <location line="+63" />
        <source>NOT SENT: consent was recorded outside the calling window.</source>
        <translation>NO ENVIADO: el consentimiento se registró fuera del horario de llamadas.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Read the warning above and tick the box to acknowledge it, or call back later.</source>
        <translation>Lea el aviso de arriba y marque la casilla para confirmarlo, o vuelva a llamar más tarde.</translation>
    </message>
    <message>
        <location line="+72" />
        <source>NOT SENT: the lead has problems to fix first.</source>
        <translation>NO ENVIADO: primero hay que corregir los problemas del lead.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nothing was sent to %1. The list on the right leads to each field.</source>
        <translation>No se envió nada a %1. La lista de la derecha lleva a cada campo.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>NOT SENT: the history could not be written.</source>
        <translation>NO ENVIADO: no se pudo escribir en el historial.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nothing was sent to %1, so nothing can be lost. The database said: %2</source>
        <translation>No se envió nada a %1, así que no se puede perder nada. La base de datos indicó: %2</translation>
    </message>
    <message>
        <location line="+4" />
        <source>NOT SENT: the customer asked not to be called.</source>
        <translation>NO ENVIADO: el cliente pidió que no lo llamen.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>NOT SENT: the %1 account is not set up correctly.</source>
        <translation>NO ENVIADO: la cuenta de %1 no está configurada correctamente.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nothing was sent. %1 Check the account in Settings.</source>
        <translation>No se envió nada. %1 Revise la cuenta en Configuración.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>NOT SENT YET: possible duplicate.</source>
        <translation>AÚN NO ENVIADO: posible duplicado.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nothing was sent to %1. Decide whether to send it anyway.</source>
        <translation>No se envió nada a %1. Decida si enviarlo de todos modos.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 already received a lead with this phone number on %2 (outcome: %3).

Sending it again may create a duplicate or be billed twice. Send anyway?</source>
        <translation>%1 ya recibió un lead con este número de teléfono el %2 (resultado: %3).

Volver a enviarlo puede crear un duplicado o facturarse dos veces. ¿Enviar de todos modos?</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Possible duplicate</source>
        <translation>Posible duplicado</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Send anyway</source>
        <translation>Enviar de todos modos</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Do not send</source>
        <translation>No enviar</translation>
    </message>
    <message>
        <location line="+5" />
        <source>NOT SENT: possible duplicate.</source>
        <translation>NO ENVIADO: posible duplicado.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>An earlier lead with this phone number went to %1 on %2 (outcome: %3).</source>
        <translation>Un lead anterior con este número de teléfono se envió a %1 el %2 (resultado: %3).</translation>
    </message>
    <message>
        <location line="+37" />
        <source>Start a new lead?</source>
        <translation>¿Iniciar un lead nuevo?</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The lead you are typing has not been sent. Discard it and start a new one?</source>
        <translation>El lead que está escribiendo no se ha enviado. ¿Descartarlo e iniciar uno nuevo?</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Discard and start new</source>
        <translation>Descartar e iniciar uno nuevo</translation>
    </message>
    <message>
        <location line="+0" />
        <location filename="../src/gui/LeadPageLoad.cpp" line="-95" />
        <location line="+121" />
        <source>Keep typing</source>
        <translation>Seguir escribiendo</translation>
    </message>
    <message>
        <location filename="../src/gui/LeadPageLoad.cpp" line="-123" />
        <location line="+121" />
        <source>Replace the lead you are typing?</source>
        <translation>¿Reemplazar el lead que está escribiendo?</translation>
    </message>
    <message>
        <location line="-120" />
        <source>The lead you are typing has not been sent. Replace it with the one from the history?</source>
        <translation>El lead que está escribiendo no se ha enviado. ¿Reemplazarlo por el del historial?</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Replace</source>
        <translation>Reemplazar</translation>
    </message>
    <message>
        <location line="+56" />
        <source>Loaded from the submission of %1 to %2, now for %3: check what %3 needs, then send.</source>
        <translation>Cargado del envío del %1 a %2, ahora para %3: revise lo que necesita %3 y envíe.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Loaded from the submission of %1 to %2.</source>
        <translation>Cargado del envío del %1 a %2.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>That submission was training; %1 is set to PRODUCTION.</source>
        <translation>Ese envío era de formación; %1 está en PRODUCCIÓN.</translation>
    </message>
    <message>
        <location line="+20" />
        <source>The saved unsent lead could not be read (%1).</source>
        <translation>No se pudo leer el lead no enviado guardado (%1).</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The saved unsent lead could not be read (%1). The file was kept as %2.</source>
        <translation>No se pudo leer el lead no enviado guardado (%1). El archivo se conservó como %2.</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Restore unsent lead from %1?</source>
        <translation>¿Restaurar el lead no enviado de %1?</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Restore unsent lead from %1 (%2)?</source>
        <translation>¿Restaurar el lead no enviado de %1 (%2)?</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Restoring the unsent lead replaces what you have typed since. Continue?</source>
        <translation>Restaurar el lead no enviado reemplaza lo que ha escrito desde entonces. ¿Continuar?</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
</context>
<context>
    <name>LeadRelay::MainWindow</name>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="+91" />
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message>
        <location line="+1" />
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Dashboard</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location line="+28" />
        <source>&amp;Import leads…</source>
        <translation>&amp;Importar leads…</translation>
    </message>
    <message>
        <location line="+106" />
        <source>LeadRelay — TRAINING (%1 simulator)</source>
        <translation>LeadRelay — CAPACITACIÓN (simulador de %1)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>LeadRelay — PRODUCTION (%1)</source>
        <translation>LeadRelay — PRODUCCIÓN (%1)</translation>
    </message>
    <message>
        <location line="+10" />
        <source>team: %1</source>
        <translation>equipo: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>history: this computer (team server not reached)</source>
        <translation>historial: este equipo (no se llegó al servidor del equipo)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>history: this computer</source>
        <translation>historial: este equipo</translation>
    </message>
    <message>
        <location line="+97" />
        <source>A lead is being sent</source>
        <translation>Se está enviando un lead</translation>
    </message>
    <message>
        <location line="+1" />
        <source>LeadRelay is waiting for the vendor's answer. If you close now, the lead is recorded as "delivery unknown" and you will have to check with the vendor. Close anyway?</source>
        <translation>LeadRelay está esperando la respuesta del proveedor. Si cierra ahora, el lead se registra como "entrega desconocida" y tendrá que consultarlo con el proveedor. ¿Cerrar de todos modos?</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Close anyway</source>
        <translation>Cerrar de todos modos</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Keep waiting</source>
        <translation>Seguir esperando</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Final results still to come</source>
        <translation>Faltan resultados finales</translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n submission(s) are waiting for the vendor's final result. LeadRelay receives it itself, so it arrives only while LeadRelay runs: if you quit now, it will not be recorded and you will have to ask the vendor.</source>
        <translation>
            <numerusform>%n envío espera el resultado final del comprador. LeadRelay lo recibe él mismo, así que solo llega mientras LeadRelay está abierto: si sale ahora, no se registrará y tendrá que preguntar al comprador.</numerusform>
            <numerusform>%n envíos esperan el resultado final del comprador. LeadRelay lo recibe él mismo, así que solo llega mientras LeadRelay está abierto: si sale ahora, no se registrará y tendrá que preguntar al comprador.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4" />
        <source>Quit anyway</source>
        <translation>Salir de todos modos</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Keep running</source>
        <translation>Seguir abierto</translation>
    </message>
</context>
<context>
    <name>LeadRelay::NthermVendor</name>
    <message>
        <location filename="../src/vendors/NthermVendor.cpp" line="+72" />
        <source>nTherm needs a TrustedForm certificate URL or the customer's consent answers.</source>
        <translation>nTherm necesita una URL de certificado de TrustedForm o las respuestas de consentimiento del cliente.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>nTherm accepts a certificate URL of at most %1 characters; this one has %2.</source>
        <translation>nTherm acepta una URL de certificado de %1 caracteres como máximo; esta tiene %2.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>The nTherm account has no user name.</source>
        <translation>La cuenta de nTherm no tiene nombre de usuario.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The nTherm user name must not contain a colon (HTTP Basic authentication cannot carry it).</source>
        <translation>El nombre de usuario de nTherm no debe contener dos puntos (la autenticación HTTP Basic no puede transmitirlos).</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The nTherm account has no password.</source>
        <translation>La cuenta de nTherm no tiene contraseña.</translation>
    </message>
    <message>
        <location line="+130" />
        <source>nTherm: %1</source>
        <translation>nTherm: %1</translation>
    </message>
    <message>
        <location line="+33" />
        <source>nTherm rejected the lead without giving a reason.</source>
        <translation>nTherm rechazó el lead sin indicar un motivo.</translation>
    </message>
    <message>
        <location line="+16" />
        <source>nTherm's answer contradicts itself (HTTP %1 with success). Check with nTherm before resubmitting.</source>
        <translation>La respuesta de nTherm se contradice (HTTP %1 con éxito). Consulte con nTherm antes de volver a enviarlo.</translation>
    </message>
    <message>
        <location line="+32" />
        <source>nTherm rejected the lead after accepting it first, without giving a reason.</source>
        <translation>nTherm rechazó el lead después de haberlo aceptado, sin indicar un motivo.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>nTherm sent a final result LeadRelay could not read; it is kept as received.</source>
        <translation>nTherm envió un resultado final que LeadRelay no pudo leer; se conserva tal como se recibió.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::OutcomeBanner</name>
    <message>
        <location filename="../src/gui/OutcomeBanner.cpp" line="+59" />
        <source>Clear the form for the next customer (%1)</source>
        <translation>Limpiar el formulario para el siguiente cliente (%1)</translation>
    </message>
    <message>
        <location line="+13" />
        <source>SOLD (training: nothing billed). The %1 simulator accepted the lead and a buyer bought it.</source>
        <translation>VENDIDO (capacitación: no se factura nada). El simulador de %1 aceptó el lead y un comprador lo compró.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>ACCEPTED (final; training: nothing billed). The %1 simulator confirmed the lead.</source>
        <translation>ACEPTADO (final; capacitación: no se factura nada). El simulador de %1 confirmó el lead.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>ACCEPTED, NOT SOLD (training): the %1 simulator took the lead but no buyer bought it.</source>
        <translation>ACEPTADO, NO VENDIDO (capacitación): el simulador de %1 tomó el lead pero ningún comprador lo compró.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>SOLD: billable. %1 accepted the lead and a buyer bought it.</source>
        <translation>VENDIDO: facturable. %1 aceptó el lead y un comprador lo compró.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>ACCEPTED (final, billable): %1 confirmed the lead.</source>
        <translation>ACEPTADO (final, facturable): %1 confirmó el lead.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>ACCEPTED, PRELIMINARY: %1 may still reverse it; the final result is pending.</source>
        <translation>ACEPTADO, PRELIMINAR: %1 todavía puede revertirlo; el resultado final está pendiente.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>ACCEPTED, NOT SOLD: %1 took the lead but no buyer bought it. Not billable.</source>
        <translation>ACEPTADO, NO VENDIDO: %1 recibió el lead, pero ningún comprador lo compró. No facturable.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>REJECTED: %1 refused the lead.</source>
        <translation>RECHAZADO: %1 rechazó el lead.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>INVALID: %1 says the lead failed its validation.</source>
        <translation>INVÁLIDO: %1 indica que el lead no pasó su validación.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>ACCOUNT PROBLEM: %1 did not accept LeadRelay's credentials.</source>
        <translation>PROBLEMA DE CUENTA: %1 no aceptó las credenciales de LeadRelay.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>NOT DELIVERED: the lead never reached %1. It is safe to send it again.</source>
        <translation>NO ENTREGADO: el lead nunca llegó a %1. Es seguro volver a enviarlo.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>DELIVERY UNKNOWN: the lead may have reached %1. Check with %1 before sending it again.</source>
        <translation>ENTREGA DESCONOCIDA: es posible que el lead haya llegado a %1. Consulte con %1 antes de volver a enviarlo.</translation>
    </message>
    <message>
        <location line="+5" />
        <location line="+51" />
        <source>Sending to %1…</source>
        <translation>Enviando a %1…</translation>
    </message>
    <message>
        <location line="-44" />
        <source>sold</source>
        <translation>vendido</translation>
    </message>
    <message>
        <location line="+2" />
        <source>accepted</source>
        <translation>aceptado</translation>
    </message>
    <message>
        <location line="+2" />
        <source>accepted, not sold</source>
        <translation>aceptado, no vendido</translation>
    </message>
    <message>
        <location line="+2" />
        <source>rejected</source>
        <translation>rechazado</translation>
    </message>
    <message>
        <location line="+2" />
        <source>invalid</source>
        <translation>no válido</translation>
    </message>
    <message>
        <location line="+2" />
        <source>account problem</source>
        <translation>problema de cuenta</translation>
    </message>
    <message>
        <location line="+2" />
        <source>not delivered</source>
        <translation>no entregado</translation>
    </message>
    <message>
        <location line="+2" />
        <source>delivery unknown</source>
        <translation>entrega desconocida</translation>
    </message>
    <message>
        <location line="+4" />
        <source>no answer yet</source>
        <translation>sin respuesta aún</translation>
    </message>
    <message>
        <location line="+9" />
        <source>The final result will appear in the history when %1 reports it.</source>
        <translation>El resultado final aparecerá en el historial cuando %1 lo informe.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 will not report the final result to LeadRelay (no callback receiver is set up).</source>
        <translation>%1 no informará el resultado final a LeadRelay (no hay un receptor de callbacks configurado).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Correct the fields marked below if the messages allow it, then send again.</source>
        <translation>Corrija los campos marcados abajo si los mensajes lo permiten y vuelva a enviar.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>This is not the lead's fault: check the account in Settings, then send again.</source>
        <translation>Esto no es un problema del lead: revise la cuenta en Configuración y vuelva a enviar.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sending again could create a duplicate or bill twice.</source>
        <translation>Volver a enviar podría crear un duplicado o facturarse dos veces.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>The form is locked until %1 answers.</source>
        <translation>El formulario está bloqueado hasta que %1 responda.</translation>
    </message>
    <message>
        <location line="+20" />
        <source>%1 lead id: %2</source>
        <translation>ID de lead de %1: %2</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The answer could not be read; it is kept in the history as received.</source>
        <translation>No se pudo leer la respuesta; se conserva en el historial tal como se recibió.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::PayloadCodec</name>
    <message>
        <location filename="../src/store/PayloadCodec.cpp" line="+145" />
        <source>the stored value is not a compressed payload</source>
        <translation>el valor guardado no es un contenido comprimido</translation>
    </message>
    <message>
        <location line="+8" />
        <source>the compressed payload's header is damaged</source>
        <translation>la cabecera del contenido comprimido está dañada</translation>
    </message>
    <message>
        <location line="+10" />
        <source>the compressed payload is damaged</source>
        <translation>el contenido comprimido está dañado</translation>
    </message>
    <message>
        <location line="+7" />
        <source>compression dictionary %1 is missing from the history</source>
        <translation>falta en el historial el diccionario de compresión %1</translation>
    </message>
    <message>
        <location line="+7" />
        <source>the payload was compressed against the lead, which is missing</source>
        <translation>el contenido se comprimió con el lead como referencia, y el lead falta</translation>
    </message>
    <message>
        <location line="+5" />
        <source>the compressed payload has an unknown kind %1</source>
        <translation>el contenido comprimido es de un tipo desconocido (%1)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>the compressed payload is damaged (%1)</source>
        <translation>el contenido comprimido está dañado (%1)</translation>
    </message>
</context>
<context>
    <name>LeadRelay::ReportTableModel</name>
    <message>
        <location filename="../src/gui/ReportTableModel.cpp" line="+49" />
        <source>Sold</source>
        <translation>Vendido</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Accepted</source>
        <translation>Aceptado</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Accepted, not sold</source>
        <translation>Aceptado, no vendido</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+111" />
        <source>Rejected</source>
        <translation>Rechazado</translation>
    </message>
    <message>
        <location line="-109" />
        <location line="+111" />
        <source>Invalid</source>
        <translation>Inválido</translation>
    </message>
    <message>
        <location line="-109" />
        <source>Account problem</source>
        <translation>Problema de cuenta</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not delivered</source>
        <translation>No entregado</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+107" />
        <source>Delivery unknown</source>
        <translation>Entrega desconocida</translation>
    </message>
    <message>
        <location line="-105" />
        <source>Sending</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <location line="+55" />
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Submissions</source>
        <translation>Envíos</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sent</source>
        <translation>Enviados</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sold or accepted</source>
        <translation>Vendidos o aceptados</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Rate</source>
        <translation>Tasa</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Awaiting final</source>
        <translation>Esperan final</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Returned</source>
        <translation>Devueltos</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Billable</source>
        <translation>Cobrable</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Net billable</source>
        <translation>Facturables netos</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Average wait for final</source>
        <translation>Espera media del final</translation>
    </message>
</context>
<context>
    <name>LeadRelay::ReturnsDialog</name>
    <message>
        <location filename="../src/gui/ReturnsDialog.cpp" line="+31" />
        <source>Will be marked returned</source>
        <translation>Se marcará como devuelto</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Marked returned</source>
        <translation>Marcado como devuelto</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Already returned</source>
        <translation>Ya devuelto</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Returned before, other reason</source>
        <translation>Devuelto antes, otro motivo</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No match</source>
        <translation>Sin coincidencia</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Several matches</source>
        <translation>Varias coincidencias</translation>
    </message>
    <message>
        <location line="+12" />
        <source>&amp;Choose…</source>
        <translation>&amp;Elegir…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Preview</source>
        <translation>&amp;Vista previa</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Record returns</source>
        <translation>&amp;Registrar devoluciones</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+48" />
        <source>Import returns</source>
        <translation>Importar devoluciones</translation>
    </message>
    <message>
        <location line="-45" />
        <source>Returns file</source>
        <translation>Archivo de devoluciones</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Vendor</source>
        <translation>Comprador</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Column names</source>
        <translation>Nombres de columna</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only if the buyer names columns differently, e.g. Lead ID=lead_id; Reason Code=reason</source>
        <translation>Solo si el comprador nombra las columnas de otra forma, p. ej. Lead ID=lead_id; Reason Code=reason</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Fields: %1</source>
        <translation>Campos: %1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Lines of the returns file</source>
        <translation>Líneas del archivo de devoluciones</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Submission</source>
        <translation>Envío</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Returns &amp;file:</source>
        <translation>&amp;Archivo de devoluciones:</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Vendor:</source>
        <translation>&amp;Comprador:</translation>
    </message>
    <message>
        <location line="+1" />
        <source>C&amp;olumn names:</source>
        <translation>N&amp;ombres de columna:</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Returns (*.csv);;All files (*)</source>
        <translation>Devoluciones (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location line="+44" />
        <source>Column names: %1</source>
        <translation>Nombres de columna: %1</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Choose the buyer's returns file first.</source>
        <translation>Elija antes el archivo de devoluciones del comprador.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>This file cannot be used: %1. Nothing was changed.</source>
        <translation>No se puede usar este archivo: %1. No se cambió nada.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>The history could not be read: %1</source>
        <translation>No se pudo leer el historial: %1</translation>
    </message>
    <message>
        <location line="+14" />
        <source>The history refused the returns: %1. Nothing was changed.</source>
        <translation>El historial rechazó las devoluciones: %1. No se cambió nada.</translation>
    </message>
    <message>
        <location line="+28" />
        <source>%1 lines: %2 to mark returned, %3 marked returned, %4 already returned, %5 without a match, %6 with several matches, %7 returned before for another reason.</source>
        <translation>%1 líneas: %2 por marcar como devueltas, %3 marcadas como devueltas, %4 ya devueltas, %5 sin coincidencia, %6 con varias coincidencias, %7 devueltas antes por otro motivo.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::SettingsDialog</name>
    <message>
        <source>Enter a full http:// or https:// address, e.g. https://callbacks.example.com</source>
        <translation type="vanished">Ingrese una dirección completa http:// o https://, p. ej., https://callbacks.example.com</translation>
    </message>
    <message>
        <source>The base URL cannot have a query (?) or a fragment (#).</source>
        <translation type="vanished">La URL base no puede tener una consulta (?) ni un fragmento (#).</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsDialog.cpp" line="+69" />
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Consent scripts</source>
        <translation>Guiones de consentimiento</translation>
    </message>
    <message>
        <location line="+47" />
        <source>The listen address must be an IP address, e.g. 127.0.0.1 or 0.0.0.0.</source>
        <translation>La dirección de escucha debe ser una dirección IP, p. ej., 127.0.0.1 o 0.0.0.0.</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Not an IP address.</source>
        <translation>No es una dirección IP.</translation>
    </message>
    <message>
        <source>History file</source>
        <translation type="vanished">Archivo del historial</translation>
    </message>
    <message>
        <source>SQLite history (*.sqlite *.db);;All files (*)</source>
        <translation type="vanished">Historial SQLite (*.sqlite *.db);;Todos los archivos (*)</translation>
    </message>
</context>
<context>
    <name>LeadRelay::SideJournal</name>
    <message>
        <location filename="../src/store/SideJournal.cpp" line="+33" />
        <source>the disk is full</source>
        <translation>el disco está lleno</translation>
    </message>
</context>
<context>
    <name>LeadRelay::SqliteBackend</name>
    <message>
        <source>Could not open the history %1</source>
        <translation type="obsolete">No se pudo abrir el historial %1</translation>
    </message>
    <message>
        <source>%1 is not a file; choose a history file</source>
        <translation type="obsolete">%1 no es un archivo; elija un archivo de historial</translation>
    </message>
    <message>
        <source>Could not create the folder %1</source>
        <translation type="obsolete">No se pudo crear la carpeta %1</translation>
    </message>
    <message>
        <source>Could not create the history file %1</source>
        <translation type="obsolete">No se pudo crear el archivo del historial %1</translation>
    </message>
    <message>
        <source>%1 is not a LeadRelay history (it is not a database at all). It was left unchanged; choose another file.</source>
        <translation type="obsolete">%1 no es un historial de LeadRelay (ni siquiera es una base de datos). No se modificó; elija otro archivo.</translation>
    </message>
    <message>
        <source>%1 is not a LeadRelay history (it belongs to another application). It was left unchanged; choose another file.</source>
        <translation type="obsolete">%1 no es un historial de LeadRelay (pertenece a otra aplicación). No se modificó; elija otro archivo.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::SubmissionDetail</name>
    <message>
        <location filename="../src/gui/SubmissionDetail.cpp" line="+40" />
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <location line="+0" />
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Request (redacted)</source>
        <translation>Solicitud (censurada)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Submission details</source>
        <translation>Detalles del envío</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Put the lead, as JSON, on the clipboard (%1)</source>
        <translation>Copiar el lead, como JSON, al portapapeles (%1)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Open this lead in the lead form, e.g. to correct and send it again (%1)</source>
        <translation>Abrir este lead en el formulario, p. ej. para corregirlo y enviarlo de nuevo (%1)</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Evidence written to %1.</source>
        <translation>Pruebas escritas en %1.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The evidence could not be written to %1: %2</source>
        <translation>No se pudieron escribir las pruebas en %1: %2</translation>
    </message>
    <message>
        <location line="+29" />
        <source>consent %1: %2 → %3</source>
        <translation>consentimiento %1: %2 → %3</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Created: %1</source>
        <translation>Creado: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Answered: %1</source>
        <translation>Respondido: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source> (%1 ms)</source>
        <translation> (%1 ms)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Answered: not yet</source>
        <translation>Respondido: todavía no</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Finalised: %1 (by the vendor's callback)</source>
        <translation>Finalizado: %1 (por el callback del proveedor)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The callback's body could not be read; it is kept below as received.</source>
        <translation>No se pudo leer el cuerpo del callback; se conserva abajo tal como se recibió.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Final with the vendor's answer.</source>
        <translation>Final con la respuesta del proveedor.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The final result will not be reported (no callback address was configured when it was sent).</source>
        <translation>El resultado final no se informará (no había una dirección de callback configurada cuando se envió).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Awaiting the final result for more than %1 hours: ask the vendor.</source>
        <translation>Se espera el resultado final desde hace más de %1 horas: consulte con el proveedor.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Awaiting the final result from the vendor.</source>
        <translation>Esperando el resultado final del proveedor.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Returned by the buyer on %1</source>
        <translation>Devuelto por el comprador el %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>: %1</source>
        <translation>: %1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Return recorded: %1. No longer billable.</source>
        <translation>Devolución registrada: %1. Ya no es facturable.</translation>
    </message>
    <message>
        <location line="+31" />
        <source>Send to %1…</source>
        <translation>Enviar a %1…</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Send to the other buyer…</source>
        <translation>Enviar al otro comprador…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Select a submission first (%1)</source>
        <translation>Seleccione antes un envío (%1)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>There is no other buyer to send this lead to.</source>
        <translation>No hay otro comprador al que enviar este lead.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Only a lead that was rejected, invalid or not sold can go to the other buyer; this one is: %1.</source>
        <translation>Solo un lead rechazado, no válido o no vendido puede ir al otro comprador; este está: %1.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Open this lead in the form with %1 chosen and show what %1 needs (%2)</source>
        <translation>Abrir este lead en el formulario con %1 elegido y mostrar lo que necesita %1 (%2)</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Select a submission to see its details.</source>
        <translation>Seleccione un envío para ver sus detalles.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>&lt;b&gt;%1&lt;/b&gt; to %2 (%3) by %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; a %2 (%3) por %4</translation>
    </message>
    <message>
        <location line="+7" />
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <location line="+0" />
        <source>No HTTP answer</source>
        <translation>Sin respuesta HTTP</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Callback:</source>
        <translation>Callback:</translation>
    </message>
    <message>
        <location line="+7" />
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <location line="+0" />
        <source>warning</source>
        <translation>advertencia</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <location line="+0" />
        <source>lead</source>
        <translation>lead</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Vendor lead id: %1</source>
        <translation>ID de lead del proveedor: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Vendor transaction id: %1</source>
        <translation>ID de transacción del proveedor: %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No messages.</source>
        <translation>Sin mensajes.</translation>
    </message>
    <message>
        <location line="+23" />
        <source>This lead cannot be loaded: %1</source>
        <translation>No se puede cargar este lead: %1</translation>
    </message>
</context>
<context>
    <name>LeadRelay::SubmissionService</name>
    <message>
        <location filename="../src/pipeline/SubmissionService.cpp" line="+235" />
        <source>the desk</source>
        <translation>el puesto</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not sent: the customer asked not to be called (on the company do-not-call list since %1, recorded by %2).</source>
        <translation>No enviado: el cliente pidió que no lo llamen (en la lista de no llamar de la empresa desde el %1, registrado por %2).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Not sent: the customer asked not to be called (on the company do-not-call list since %1, recorded by %2: %3).</source>
        <translation>No enviado: el cliente pidió que no lo llamen (en la lista de no llamar de la empresa desde el %1, registrado por %2: %3).</translation>
    </message>
</context>
<context>
    <name>LeadRelay::Submitter</name>
    <message>
        <location filename="../src/net/Submitter.cpp" line="+76" />
        <source>the vendor's server refused the connection</source>
        <translation>el servidor del proveedor rechazó la conexión</translation>
    </message>
    <message>
        <location line="+2" />
        <source>the vendor's server name could not be found (check the address and the network)</source>
        <translation>no se encontró el nombre del servidor del proveedor (revise la dirección y la red)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>a secure connection to the vendor could not be established (%1)</source>
        <translation>no se pudo establecer una conexión segura con el proveedor (%1)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>the address cannot be used for sending (%1)</source>
        <translation>la dirección no se puede usar para enviar (%1)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>the proxy server could not be reached</source>
        <translation>no se pudo acceder al servidor proxy</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The connection was closed before an answer arrived</source>
        <translation>La conexión se cerró antes de recibir una respuesta</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The connection broke after the lead was sent and it was not sent again</source>
        <translation>La conexión se interrumpió después de enviar el lead y no se volvió a enviar</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The connection timed out</source>
        <translation>Se agotó el tiempo de espera de la conexión</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The connection failed (%1)</source>
        <translation>La conexión falló (%1)</translation>
    </message>
    <message>
        <location line="+30" />
        <source>The vendor address is not a valid web address.</source>
        <translation>La dirección del proveedor no es una dirección web válida.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The vendor address must start with https:// (it starts with "%1:").</source>
        <translation>La dirección del proveedor debe comenzar con https:// (comienza con "%1:").</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The vendor address has no server name.</source>
        <translation>La dirección del proveedor no tiene nombre de servidor.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Plain http:// is only allowed for this computer (localhost); use https:// for %1 so the lead and the credentials travel encrypted.</source>
        <translation>http:// sin cifrar solo se permite para esta computadora (localhost); use https:// para %1 para que el lead y las credenciales viajen cifrados.</translation>
    </message>
    <message>
        <location line="+25" />
        <source>no network access is configured</source>
        <translation>no hay acceso a la red configurado</translation>
    </message>
    <message>
        <location line="+90" />
        <source>The answer was larger than %1 bytes and was cut</source>
        <translation>La respuesta superó los %1 bytes y se truncó</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The answer did not finish within %1 seconds</source>
        <translation>La respuesta no terminó en %1 segundos</translation>
    </message>
    <message>
        <location line="+5" />
        <source>No answer within %1 seconds</source>
        <translation>Sin respuesta en %1 segundos</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Not sent: %1. It is safe to send again.</source>
        <translation>No enviado: %1. Es seguro volver a enviarlo.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>%1. The vendor may have received the lead: check with them before resubmitting.</source>
        <translation>%1. Es posible que el proveedor haya recibido el lead: consulte con él antes de volver a enviarlo.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::ValidationSummary</name>
    <message>
        <location filename="../src/gui/ValidationSummary.cpp" line="+32" />
        <source>✔ Ready to send to %1</source>
        <translation>✔ Listo para enviar a %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>✖ 1 problem blocks sending to %1</source>
        <translation>✖ 1 problema impide enviar a %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>✖ %1 problems block sending to %2</source>
        <translation>✖ %1 problemas impiden enviar a %2</translation>
    </message>
    <message>
        <location line="+11" />
        <source>%1 (click to go to the field)</source>
        <translation>%1 (haga clic para ir al campo)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>✔ Sent to %1. Start the next lead with %2.</source>
        <translation>✔ Enviado a %1. Empiece el siguiente lead con %2.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Sending to %1…</source>
        <translation>Enviando a %1…</translation>
    </message>
</context>
<context>
    <name>LeadRelay::VendorAccountEditor</name>
    <message>
        <location filename="../src/gui/VendorAccountEditor.cpp" line="+28" />
        <source>The endpoint is required.</source>
        <translation>El endpoint es obligatorio.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not a valid URL.</source>
        <translation>No es una URL válida.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>A production endpoint must use https://.</source>
        <translation>Un endpoint de producción debe usar https://.</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Affiliate id</source>
        <translation>ID de afiliado</translation>
    </message>
    <message>
        <location line="+1" />
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <location line="+2" />
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Production: real leads to %1</source>
        <translation>Producción: leads reales a %1</translation>
    </message>
    <message>
        <location line="+84" />
        <source>Switch to production?</source>
        <translation>¿Cambiar a producción?</translation>
    </message>
    <message>
        <location line="+1" />
        <source>In production every submission is a real lead sent to %1, and may be billed. Switch %1 to production?</source>
        <translation>En producción, cada envío es un lead real enviado a %1 y puede facturarse. ¿Cambiar %1 a producción?</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Production: submissions are real leads to %1.</source>
        <translation>Producción: los envíos son leads reales a %1.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::VendorAnswer</name>
    <message>
        <location filename="../src/vendors/VendorAnswer.cpp" line="+127" />
        <source>The vendor's answer could not be read; it may have accepted the lead. Check with the vendor before resubmitting.</source>
        <translation>No se pudo leer la respuesta del proveedor; es posible que haya aceptado el lead. Consulte con el proveedor antes de volver a enviarlo.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The vendor reported a server error (HTTP %1) and its answer could not be read; it may or may not have received the lead. Check with the vendor before resubmitting.</source>
        <translation>El proveedor informó un error del servidor (HTTP %1) y no se pudo leer su respuesta; es posible que haya recibido el lead o no. Consulte con el proveedor antes de volver a enviarlo.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The vendor's answer (HTTP %1) could not be read; it may have received the lead. Check with the vendor before resubmitting.</source>
        <translation>No se pudo leer la respuesta del proveedor (HTTP %1); es posible que haya recibido el lead. Consulte con el proveedor antes de volver a enviarlo.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>%1 refused the account (HTTP %2): check the account's credentials in the settings. The lead itself was not judged.</source>
        <translation>%1 rechazó la cuenta (HTTP %2): revise las credenciales de la cuenta en la configuración. El lead en sí no fue evaluado.</translation>
    </message>
</context>
<context>
    <name>LeadRelay::VendorPicker</name>
    <message>
        <location filename="../src/gui/VendorPicker.cpp" line="+49" />
        <source>TRAINING</source>
        <translation>CAPACITACIÓN</translation>
    </message>
    <message>
        <location line="+0" />
        <source>PRODUCTION</source>
        <translation>PRODUCCIÓN</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Leads go to the built-in %1 simulator; nothing is sold or billed.</source>
        <translation>Los leads van al simulador integrado de %1; no se vende ni se factura nada.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Leads go to %1 for real and may be billed.</source>
        <translation>Los leads van a %1 de verdad y pueden facturarse.</translation>
    </message>
</context>
<context>
    <name>LeadValidator</name>
    <message>
        <location filename="../src/core/FieldRules.cpp" line="+32" />
        <source>Remove the spaces before or after the value.</source>
        <translation>Quite los espacios antes o después del valor.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>This value cannot contain spaces.</source>
        <translation>Este valor no puede contener espacios.</translation>
    </message>
    <message>
        <location line="+55" />
        <source>This contains a broken character (half of a Unicode surrogate pair) that cannot be sent as it is stored. Retype the value.</source>
        <translation>Contiene un carácter roto (la mitad de un par sustituto de Unicode) que no se puede enviar tal como se guarda. Vuelva a escribir el valor.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Remove the NUL character (an invisible zero byte, usually pasted in from another program) from this field.</source>
        <translation>Quite de este campo el carácter NUL (un byte cero invisible, normalmente pegado desde otro programa).</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Remove the invisible control character U+%1 from this field.</source>
        <translation>Quite de este campo el carácter de control invisible U+%1.</translation>
    </message>
    <message>
        <location line="+13" />
        <source>This is not an e-mail address, e.g. john.doe@example.com.</source>
        <translation>Esto no es una dirección de correo electrónico, p. ej., john.doe@example.com.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>An e-mail address has exactly one @, e.g. john.doe@example.com.</source>
        <translation>Una dirección de correo electrónico tiene exactamente una @, p. ej., john.doe@example.com.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The part before the @ is not valid, e.g. john.doe@example.com.</source>
        <translation>La parte antes de la @ no es válida, p. ej., john.doe@example.com.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The part after the @ must be a domain like example.com (this one is "%1").</source>
        <translation>La parte después de la @ debe ser un dominio como example.com (esta es "%1").</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Did you mean %1@%2? Check the spelling.</source>
        <translation>¿Quiso decir %1@%2? Revise la ortografía.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Write the date of birth as YYYY-MM-DD, e.g. 1980-04-02.</source>
        <translation>Escriba la fecha de nacimiento como YYYY-MM-DD, p. ej., 1980-04-02.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 is not a real date. Check the day and the month.</source>
        <translation>%1 no es una fecha real. Revise el día y el mes.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The date of birth is in the future.</source>
        <translation>La fecha de nacimiento está en el futuro.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The customer must be at least %1 years old (born on %2 or earlier).</source>
        <translation>El cliente debe tener al menos %1 años (haber nacido el %2 o antes).</translation>
    </message>
    <message>
        <location line="+6" />
        <source>This date of birth is more than %1 years ago. Check the year.</source>
        <translation>Esta fecha de nacimiento es de hace más de %1 años. Revise el año.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>A certificate URL has at most %1 characters (this one has %2).</source>
        <translation>Una URL de certificado tiene como máximo %1 caracteres (esta tiene %2).</translation>
    </message>
    <message>
        <location line="+10" />
        <source>This is not a TrustedForm certificate URL. It looks like %1.</source>
        <translation>Esta no es una URL de certificado de TrustedForm. Debe tener este aspecto: %1.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>This is a ping URL, not a certificate. Use the certificate URL, which starts with https://cert.trustedform.com/.</source>
        <translation>Esta es una URL de ping, no un certificado. Use la URL del certificado, que comienza con https://cert.trustedform.com/.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>This is not a TrustedForm certificate URL: it must start with https://cert.trustedform.com/.</source>
        <translation>Esta no es una URL de certificado de TrustedForm: debe comenzar con https://cert.trustedform.com/.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The certificate URL must start with https://.</source>
        <translation>La URL del certificado debe comenzar con https://.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The certificate URL must be only https://%1/ and the certificate id.</source>
        <translation>La URL del certificado debe contener solo https://%1/ y el ID del certificado.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>The certificate id after %1/ must be 40 or 80 letters, digits, - or _ (this one has %2 characters).</source>
        <translation>El ID del certificado después de %1/ debe tener 40 u 80 letras, dígitos, - o _ (este tiene %2 caracteres).</translation>
    </message>
    <message>
        <location line="+5" />
        <source>This is a staging (test) certificate, not one for a real lead.</source>
        <translation>Este es un certificado de staging (prueba), no uno para un lead real.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>A Jornaya LeadiD has 36 characters like 01234567-89AB-CDEF-0123-456789ABCDEF (this one has %1).</source>
        <translation>Un Jornaya LeadiD tiene 36 caracteres, como 01234567-89AB-CDEF-0123-456789ABCDEF (este tiene %1).</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Enter a name, not only spaces.</source>
        <translation>Ingrese un nombre, no solo espacios.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>A name has at most %1 characters.</source>
        <translation>Un nombre tiene como máximo %1 caracteres.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Names rarely contain digits. Check the spelling.</source>
        <translation>Los nombres rara vez contienen dígitos. Revise la ortografía.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Enter a value, not only spaces.</source>
        <translation>Ingrese un valor, no solo espacios.</translation>
    </message>
    <message>
        <location line="-142" />
        <source>Remove the tab or line break from this field.</source>
        <translation>Quite la tabulación o el salto de línea de este campo.</translation>
    </message>
    <message>
        <location line="+144" />
        <source>This field has at most %1 characters.</source>
        <translation>Este campo tiene como máximo %1 caracteres.</translation>
    </message>
    <message>
        <location filename="../src/core/LeadValidator.cpp" line="+83" />
        <source>a first name</source>
        <translation>un nombre</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a last name</source>
        <translation>un apellido</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a phone number</source>
        <translation>un número de teléfono</translation>
    </message>
    <message>
        <location line="+1" />
        <source>an e-mail address</source>
        <translation>una dirección de correo electrónico</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a date of birth</source>
        <translation>una fecha de nacimiento</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a street</source>
        <translation>una calle</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a city</source>
        <translation>una ciudad</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a state</source>
        <translation>un estado</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a ZIP code</source>
        <translation>un código postal</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a mailing street</source>
        <translation>una calle de correspondencia</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a mailing city</source>
        <translation>una ciudad de correspondencia</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a mailing state</source>
        <translation>un estado de correspondencia</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a mailing ZIP code</source>
        <translation>un código postal de correspondencia</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a decision maker</source>
        <translation>un responsable de la decisión</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a utility</source>
        <translation>una compañía de servicios</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a campaign</source>
        <translation>una campaña</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a TrustedForm certificate URL</source>
        <translation>una URL de certificado de TrustedForm</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a Jornaya LeadiD</source>
        <translation>un Jornaya LeadiD</translation>
    </message>
    <message>
        <location line="+1" />
        <source>an IP address</source>
        <translation>una dirección IP</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a source URL</source>
        <translation>una URL de origen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the consent answers</source>
        <translation>las respuestas de consentimiento</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Enter %1 or %2.</source>
        <translation>Ingrese %1 o %2.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Enter at least one of: %1.</source>
        <translation>Ingrese al menos uno de estos: %1.</translation>
    </message>
    <message>
        <location line="+31" />
        <source>Ask the consent questions and record the customer's answers.</source>
        <translation>Haga las preguntas de consentimiento y registre las respuestas del cliente.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Consent question %1 has no answer: "%2"</source>
        <translation>La pregunta de consentimiento %1 no tiene respuesta: "%2"</translation>
    </message>
    <message>
        <location line="+14" />
        <source>A consent script has at most %1 questions (this one has %2).</source>
        <translation>Un guion de consentimiento tiene como máximo %1 preguntas (este tiene %2).</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Consent question %1 contains a broken character or a NUL (zero byte); correct the consent script.</source>
        <translation>La pregunta de consentimiento %1 contiene un carácter roto o un NUL (byte cero); corrija el guion de consentimiento.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Consent question %1 has %2 characters; a question has at most %3. Shorten it in the consent script.</source>
        <translation>La pregunta de consentimiento %1 tiene %2 caracteres; una pregunta tiene como máximo %3. Acórtela en el guion de consentimiento.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>The answer to consent question %1 contains a broken character or a NUL (zero byte).</source>
        <translation>La respuesta a la pregunta de consentimiento %1 contiene un carácter roto o un NUL (byte cero).</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The answer to consent question %1 has %2 characters; an answer has at most %3.</source>
        <translation>La respuesta a la pregunta de consentimiento %1 tiene %2 caracteres; una respuesta tiene como máximo %3.</translation>
    </message>
    <message>
        <location line="+59" />
        <source>This field is required.</source>
        <translation>Este campo es obligatorio.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>This field is required (it is also the mailing address).</source>
        <translation>Este campo es obligatorio (también es la dirección de correspondencia).</translation>
    </message>
    <message>
        <location filename="../src/core/NetworkRules.cpp" line="+34" />
        <location line="+13" />
        <source>not a real address</source>
        <translation>una dirección que no es real</translation>
    </message>
    <message>
        <location line="-12" />
        <location line="+4" />
        <location line="+2" />
        <location line="+8" />
        <source>a private network address</source>
        <translation>una dirección de red privada</translation>
    </message>
    <message>
        <location line="-13" />
        <source>a carrier's shared address (CGNAT)</source>
        <translation>una dirección compartida de operador (CGNAT)</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+11" />
        <source>this computer's own address (loopback)</source>
        <translation>la dirección propia de esta computadora (loopback)</translation>
    </message>
    <message>
        <location line="-10" />
        <location line="+12" />
        <source>a link-local address</source>
        <translation>una dirección de enlace local (link-local)</translation>
    </message>
    <message>
        <location line="-10" />
        <location line="+3" />
        <location line="+1" />
        <location line="+8" />
        <source>an address reserved for examples</source>
        <translation>una dirección reservada para ejemplos</translation>
    </message>
    <message>
        <location line="-10" />
        <source>an address reserved for testing</source>
        <translation>una dirección reservada para pruebas</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+6" />
        <source>a multicast address</source>
        <translation>una dirección multicast</translation>
    </message>
    <message>
        <location line="-5" />
        <source>a reserved address</source>
        <translation>una dirección reservada</translation>
    </message>
    <message>
        <location line="+48" />
        <source>Remove the spaces from the IP address.</source>
        <translation>Quite los espacios de la dirección IP.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This is not an IP address. Enter the customer's public IP address, e.g. 184.248.249.118.</source>
        <translation>Esta no es una dirección IP. Ingrese la dirección IP pública del cliente, p. ej., 184.248.249.118.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Remove the zone (the part from %) from the IPv6 address.</source>
        <translation>Quite la zona (la parte desde el %) de la dirección IPv6.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>%1 is %2, not the customer's public IP address. The vendor needs the address the customer used on the web form.</source>
        <translation>%1 es %2, no la dirección IP pública del cliente. El proveedor necesita la dirección que el cliente usó en el formulario web.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>A web address cannot contain spaces.</source>
        <translation>Una dirección web no puede contener espacios.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Enter the full address of the web page, starting with https://, e.g. https://www.example.com/form/.</source>
        <translation>Ingrese la dirección completa de la página web, comenzando con https://, p. ej., https://www.example.com/form/.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The address must name a web site, e.g. https://www.example.com/form/.</source>
        <translation>La dirección debe indicar un sitio web, p. ej., https://www.example.com/form/.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Remove the query string (from the ? on): the vendor wants the page address only, e.g. %1</source>
        <translation>Quite la cadena de consulta (desde el ? en adelante): el proveedor solo quiere la dirección de la página, p. ej., %1</translation>
    </message>
    <message>
        <location filename="../src/core/PhoneRules.cpp" line="+93" />
        <source>A phone number may only contain digits, spaces and ( ) - . + (no letters, no extension).</source>
        <translation>Un número de teléfono solo puede contener dígitos, espacios y ( ) - . + (sin letras ni extensión).</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Only US numbers can be sent: start with +1 or leave the country code out, e.g. (310) 555-1212.</source>
        <translation>Solo se pueden enviar números de EE. UU.: comience con +1 u omita el código de país, p. ej., (310) 555-1212.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Phone number must have 10 digits, e.g. (310) 555-1212 (this one has %1).</source>
        <translation>El número de teléfono debe tener 10 dígitos, p. ej., (310) 555-1212 (este tiene %1).</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Area code %1 does not exist: US area codes start with a digit from 2 to 9.</source>
        <translation>El código de área %1 no existe: los códigos de área de EE. UU. comienzan con un dígito del 2 al 9.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>(%1) %2-%3 is not a valid number: the three digits after the area code cannot start with 0 or 1.</source>
        <translation>(%1) %2-%3 no es un número válido: los tres dígitos después del código de área no pueden comenzar con 0 ni con 1.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>(%1) %2-%3 is not a valid US phone number: check the area code %1.</source>
        <translation>(%1) %2-%3 no es un número de teléfono válido de EE. UU.: revise el código de área %1.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Area code %1 is not in the United States (this number is in %2).</source>
        <translation>El código de área %1 no está en los Estados Unidos (este número es de %2).</translation>
    </message>
    <message>
        <location line="+8" />
        <source>%1 is a toll-free area code: a customer's own number rarely is. Check the number.</source>
        <translation>%1 es un código de área gratuito (toll-free): el número propio de un cliente rara vez lo es. Revise el número.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>555-0100 to 555-0199 are fictional numbers (as in films). Check the number with the customer.</source>
        <translation>Del 555-0100 al 555-0199 son números ficticios (como en las películas). Verifique el número con el cliente.</translation>
    </message>
    <message>
        <location filename="../src/core/UsGeography.cpp" line="+192" />
        <source>%1 is a military (APO/FPO) code; a service address needs a US state.</source>
        <translation>%1 es un código militar (APO/FPO); una dirección de servicio necesita un estado de EE. UU.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Use the two-letter code %1 for %2.</source>
        <translation>Use el código de dos letras %1 para %2.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Use the two-letter state code, e.g. CA or NY.</source>
        <translation>Use el código de estado de dos letras, p. ej., CA o NY.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 is not a US state code. Use the two-letter code, e.g. CA or NY.</source>
        <translation>%1 no es un código de estado de EE. UU. Use el código de dos letras, p. ej., CA o NY.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>A ZIP code has 5 digits, e.g. 90001 (or ZIP+4 like 90001-1234).</source>
        <translation>Un código postal tiene 5 dígitos, p. ej., 90001 (o ZIP+4, como 90001-1234).</translation>
    </message>
    <message>
        <location line="+5" />
        <source>ZIP %1 is a military (APO/FPO) ZIP code, not a home address in a state. Check the ZIP code.</source>
        <translation>El código postal %1 es militar (APO/FPO), no una dirección residencial en un estado. Revise el código postal.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>No US ZIP code starts with %1. Check the ZIP code.</source>
        <translation>Ningún código postal de EE. UU. comienza con %1. Revise el código postal.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>ZIP %1 is usually in %2, not %3. Check the ZIP code and the state.</source>
        <translation>El código postal %1 suele estar en %2, no en %3. Revise el código postal y el estado.</translation>
    </message>
    <message>
        <location line="+1" />
        <source> or </source>
        <translation> o </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.ui" line="+7" />
        <source>LeadRelay</source>
        <translation>LeadRelay</translation>
    </message>
    <message>
        <location line="+16" />
        <source>&amp;Lead</source>
        <translation>&amp;Lead</translation>
    </message>
    <message>
        <location line="+7" />
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&amp;Tools</source>
        <translation>&amp;Herramientas</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <location line="+10" />
        <source>&amp;New lead</source>
        <translation>&amp;Nuevo lead</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Clear the form for the next customer</source>
        <translation>Limpiar el formulario para el siguiente cliente</translation>
    </message>
    <message>
        <location line="+21" />
        <source>&amp;Dashboard</source>
        <translation>&amp;Panel</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation type="vanished">Ctrl+N</translation>
    </message>
    <message>
        <location line="-17" />
        <source>&amp;Send</source>
        <translation>&amp;Enviar</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Send the lead to the chosen vendor</source>
        <translation>Enviar el lead al proveedor elegido</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation type="vanished">Ctrl+Return</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation type="vanished">Ctrl+Q</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Lead &amp;form</source>
        <translation>&amp;Formulario del lead</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation type="vanished">Ctrl+1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;History</source>
        <translation>&amp;Historial</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation type="vanished">Ctrl+2</translation>
    </message>
    <message>
        <location line="+8" />
        <source>&amp;Settings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation type="vanished">Ctrl+,</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;About LeadRelay</source>
        <translation>&amp;Acerca de LeadRelay</translation>
    </message>
</context>
<context>
    <name>OutcomeBanner</name>
    <message>
        <location filename="../ui/OutcomeBanner.ui" line="+39" />
        <source>Sending</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <location line="+8" />
        <source>New lead</source>
        <translation>Nuevo lead</translation>
    </message>
    <message>
        <location line="+5" />
        <source>✕</source>
        <translation>✕</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hide this message (it stays in the history)</source>
        <translation>Ocultar este mensaje (permanece en el historial)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Dismiss</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>RegistryFile</name>
    <message>
        <location filename="../src/store/DncRegistry.cpp" line="-249" />
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
    <message>
        <location line="+7" />
        <source>%1 is not a LeadRelay do-not-call registry file.</source>
        <translation>%1 no es un archivo de registro de no llamar de LeadRelay.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>%1 is truncated.</source>
        <translation>%1 está truncado.</translation>
    </message>
    <message>
        <location line="+117" />
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>ReportCommand</name>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="+30" />
        <source>Day (UTC)</source>
        <translation>Día (UTC)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Vendor</source>
        <translation>Comprador</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Campaign</source>
        <translation>Campaña</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Rows</source>
        <translation>Filas</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Sent</source>
        <translation>Enviados</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Sold/acc.</source>
        <translation>Vend/acep.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rate</source>
        <translation>Tasa</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Rejected</source>
        <translation>Rechazado</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Invalid</source>
        <translation>Inválido</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unknown</source>
        <translation>Desconoc.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Awaiting</source>
        <translation>Esperan</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Returned</source>
        <translation>Devueltos</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Billable</source>
        <translation>Cobrable</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Net bill.</source>
        <translation>Fact. neta</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Avg final</source>
        <translation>Media final</translation>
    </message>
    <message>
        <location line="+48" />
        <source>Counts the submission history as the dashboard does: per day, vendor, agent or campaign, how many were
sent, sold or accepted (and the rate of sent), rejected, invalid, of unknown delivery, awaiting a final
result, returned by the buyer, billable and net billable (billable and not returned), and the average
wait from the preliminary answer to the final result. Sent counts every row but those provably never
delivered and those still sending.
Days are UTC days (YYYY-MM-DD): --since and --until both include their day.
Formats: table (aligned columns and a total), json (rows, total and the stale count), csv (one row per
group and a total row; cells that could run as formulas are neutralised).</source>
        <translation>Cuenta el historial de envíos como el panel: por día, comprador, agente o campaña, cuántos se enviaron,
vendieron o aceptaron (y su tasa sobre enviados), rechazaron, no válidos, de entrega desconocida,
esperan resultado final, devueltos por el comprador, facturables y facturables netos (facturables y
no devueltos), y la espera media de la respuesta preliminar al resultado final. Enviados cuenta todas
las filas salvo las que consta que nunca se entregaron y las que aún se están enviando.
Los días son días UTC (AAAA-MM-DD): --since y --until incluyen ambos su día.
Formatos: table (columnas alineadas y un total), json (filas, total y nº de atrasados), csv (una fila
por grupo y una fila de total; las celdas que podrían ejecutarse como fórmulas se neutralizan).</translation>
    </message>
    <message>
        <location line="+29" />
        <location line="+17" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>Awaiting a final result: %1, of which stale (no final result %n hour(s) after the answer): %2</source>
        <translation>
            <numerusform>Esperando resultado final: %1, atrasados (sin resultado final %n hora después de la respuesta): %2</numerusform>
            <numerusform>Esperando resultado final: %1, atrasados (sin resultado final %n horas después de la respuesta): %2</numerusform>
        </translation>
    </message>
    <message>
        <location line="+48" />
        <source>Group by day (default), vendor, agent or campaign.</source>
        <translation>Agrupar por día (predeterminado), comprador, agente o campaña.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>GROUP</source>
        <translation>GRUPO</translation>
    </message>
    <message>
        <location line="+2" />
        <source>From this UTC day on (YYYY-MM-DD).</source>
        <translation>Desde este día UTC (AAAA-MM-DD).</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+1" />
        <source>DATE</source>
        <translation>FECHA</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Up to and including this UTC day (YYYY-MM-DD).</source>
        <translation>Hasta este día UTC, incluido (AAAA-MM-DD).</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only this vendor: ntherm or bhm.</source>
        <translation>Solo este proveedor: ntherm o bhm.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>VENDOR</source>
        <translation>PROVEEDOR</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only this agent's submissions.</source>
        <translation>Solo los envíos de este agente.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>NAME</source>
        <translation>NOMBRE</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only this campaign.</source>
        <translation>Solo esta campaña.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>CAMPAIGN</source>
        <translation>CAMPAÑA</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only training or only production submissions.</source>
        <translation>Solo envíos de formación o solo de producción.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>MODE</source>
        <translation>MODO</translation>
    </message>
    <message>
        <location line="+3" />
        <source>A preliminary answer without a final result after N hours is stale (default %1).</source>
        <translation>Una respuesta preliminar sin resultado final tras N horas está atrasada (predeterminado %1).</translation>
    </message>
    <message>
        <location line="+1" />
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+1" />
        <source>table (default), json or csv.</source>
        <translation>table (predeterminado), json o csv.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>FORMAT</source>
        <translation>FORMATO</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Unknown grouping '%1': use --by day, vendor, agent or campaign.</source>
        <translation>Agrupación desconocida '%1': use --by day, vendor, agent o campaign.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>--%1 '%2' is not a day: use YYYY-MM-DD (a UTC day).</source>
        <translation>--%1 '%2' no es un día: use AAAA-MM-DD (un día UTC).</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Unknown vendor '%1': use --vendor ntherm or --vendor bhm.</source>
        <translation>Proveedor desconocido '%1': use --vendor ntherm o --vendor bhm.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Unknown mode '%1': use --mode training or --mode production.</source>
        <translation>Modo desconocido '%1': use --mode training o --mode production.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>--stale-hours must be a whole number of hours from 1 to 720.</source>
        <translation>--stale-hours debe ser un número entero de horas de 1 a 720.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Unknown format '%1': use --format table, json or csv.</source>
        <translation>Formato desconocido '%1': use --format table, json o csv.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Cannot read the history: %1</source>
        <translation>No se puede leer el historial: %1</translation>
    </message>
</context>
<context>
    <name>RetentionCommand</name>
    <message>
        <location filename="../src/cli/RetentionCommand.cpp" line="+19" />
        <source>Usage: leadrelay-cli retention policy [--years N] [--db FILE|URI]
       leadrelay-cli retention apply [--dry-run] [--db FILE|URI]

policy: shows (or with --years sets) how many years after a submission its personal data is kept
(default %1, at least %2: the Telemarketing Sales Rule keeps consent records five years).
apply: removes the name, phone, e-mail and address of older submissions from the history and replaces
their consent records by tombstones; the rows stay, so counts and the evidence chain still hold.
</source>
        <translation>Uso: leadrelay-cli retention policy [--years N] [--db ARCHIVO|URI]
     leadrelay-cli retention apply [--dry-run] [--db ARCHIVO|URI]

policy: muestra (o con --years fija) cuántos años tras un envío se conservan sus datos personales
(predet. %1, mínimo %2: la Telemarketing Sales Rule guarda los registros de consentimiento 5 años).
apply: borra del historial nombre, teléfono, correo y dirección de los envíos antiguos y cambia sus
registros de consentimiento por lápidas; las filas quedan: totales y cadena de pruebas siguen válidos.
</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Keep personal data N years.</source>
        <translation>Conservar los datos personales N años.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The retention period.</source>
        <translation>El período de conservación.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>--years must be a whole number from %1 to 100.</source>
        <translation>--years debe ser un número entero de %1 a 100.</translation>
    </message>
    <message numerus="yes">
        <location line="+9" />
        <source>Personal data is kept %n year(s) after each submission.</source>
        <translation>
            <numerusform>Los datos personales se conservan %n año después de cada envío.</numerusform>
            <numerusform>Los datos personales se conservan %n años después de cada envío.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8" />
        <source>Only count what would be removed.</source>
        <translation>Solo contar lo que se eliminaría.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Removes personal data older than the retention period.</source>
        <translation>Elimina los datos personales más antiguos que el período de conservación.</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Dry run: personal data of %1 submission(s) created before %2 would be removed, and %3 consent record(s) reduced to tombstones.</source>
        <translation>Simulación: se eliminarían los datos personales de %1 envío(s) creados antes del %2, y %3 registro(s) de consentimiento quedarían reducidos a lápidas.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Personal data of %1 submission(s) created before %2 removed; %3 consent record(s) reduced to tombstones.</source>
        <translation>Datos personales de %1 envío(s) creados antes del %2 eliminados; %3 registro(s) de consentimiento reducidos a lápidas.</translation>
    </message>
</context>
<context>
    <name>ReturnsCommand</name>
    <message>
        <location filename="../src/cli/ReturnsCommand.cpp" line="+21" />
        <source>Records a buyer's returned leads (disputed, duplicate, wrong number) from their CSV file: each line is
matched with a submission to VENDOR by the vendor's lead id, else its transaction id, else the phone
(sent within a day of lead_date), and marked returned with the buyer's date and reason; a returned
submission no longer counts as billable. Importing the same file again changes nothing.
Columns (a header row; others are ignored): lead_id, transaction_id, phone, lead_date, return_date,
reason. Name the buyer's own columns with --map, e.g. --map "Lead ID=lead_id" --map Reason=reason.
Dates: YYYY-MM-DD or MM/DD/YYYY; without a return_date the return is dated today.
Lines that match nothing, match several submissions, or were returned before for another reason are
listed with their line numbers and left unchanged.
Exit status: 0 every line recorded (or recorded before); 1 some lines listed as not recorded;
2 usage error, a file that cannot be read (nothing changed), or the history refused the change.</source>
        <translation>Registra los leads devueltos por un comprador (disputados, duplicados, número erróneo) de su CSV: cada
línea se empareja con un envío a COMPRADOR por el id de lead del comprador, o su id de transacción,
o el teléfono (enviado a menos de un día de lead_date), y se marca devuelta con la fecha y el motivo
del comprador; un envío devuelto ya no es facturable. Reimportar el mismo archivo no cambia nada.
Columnas (con encabezado; otras se ignoran): lead_id, transaction_id, phone, lead_date, return_date,
reason. Columnas propias del comprador: --map, p. ej. --map "Lead ID=lead_id" --map Reason=reason.
Fechas: AAAA-MM-DD o MM/DD/AAAA; sin return_date la devolución lleva la fecha de hoy.
Las líneas sin coincidencia, con varios envíos o devueltas antes por otro motivo se listan con su
número de línea y no se cambian.
Estado de salida: 0 todas las líneas registradas (o ya antes); 1 hay líneas listadas sin registrar;
2 error de uso, un archivo ilegible (nada cambió) o el historial rechazó el cambio.</translation>
    </message>
    <message>
        <location line="+24" />
        <location line="+24" />
        <source>Usage: leadrelay-cli returns import FILE --vendor VENDOR [--map COLUMN=FIELD ...]</source>
        <translation>Uso: leadrelay-cli returns import ARCHIVO --vendor COMPRADOR [--map COLUMNA=CAMPO ...]</translation>
    </message>
    <message>
        <location line="-20" />
        <source>The buyer's vendor: ntherm or bhm.</source>
        <translation>El comprador: ntherm o bhm.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>VENDOR</source>
        <translation>PROVEEDOR</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The file's COLUMN holds FIELD (%1); repeatable.</source>
        <translation>La COLUMNA del archivo contiene CAMPO (%1); se puede repetir.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>COLUMN=FIELD</source>
        <translation>COLUMNA=CAMPO</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Match and report only; change nothing.</source>
        <translation>Solo emparejar e informar; no cambiar nada.</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Unknown vendor '%1': use --vendor ntherm or --vendor bhm.</source>
        <translation>Proveedor desconocido '%1': use --vendor ntherm o --vendor bhm.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>--map: %1</source>
        <translation>--map: %1</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Cannot use the returns file %1: %2. Nothing was changed.</source>
        <translation>No se puede usar el archivo de devoluciones %1: %2. No se cambió nada.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Cannot read the history: %1</source>
        <translation>No se puede leer el historial: %1</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The history refused the returns: %1. Nothing was changed.</source>
        <translation>El historial rechazó las devoluciones: %1. No se cambió nada.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>%1 lines: %2 would be marked returned, %3 already returned, %4 unmatched, %5 ambiguous, %6 returned before for another reason. Nothing was changed (--dry-run).</source>
        <translation>%1 líneas: %2 se marcarían como devueltas, %3 ya devueltas, %4 sin coincidencia, %5 ambiguas, %6 devueltas antes por otro motivo. No se cambió nada (--dry-run).</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 lines: %2 marked returned, %3 already returned, %4 unmatched, %5 ambiguous, %6 returned before for another reason.</source>
        <translation>%1 líneas: %2 marcadas como devueltas, %3 ya devueltas, %4 sin coincidencia, %5 ambiguas, %6 devueltas antes por otro motivo.</translation>
    </message>
</context>
<context>
    <name>ReturnsImport</name>
    <message>
        <location filename="../src/pipeline/ReturnsImport.cpp" line="+72" />
        <source>'%1' is not COLUMN=FIELD (for example "Lead ID=lead_id")</source>
        <translation>'%1' no es COLUMNA=CAMPO (por ejemplo "Lead ID=lead_id")</translation>
    </message>
    <message>
        <location line="+4" />
        <source>'%1' is not a field: use one of %2</source>
        <translation>'%1' no es un campo: use uno de estos: %2</translation>
    </message>
    <message>
        <location line="+11" />
        <source>%1 is a folder, not a returns file</source>
        <translation>%1 es una carpeta, no un archivo de devoluciones</translation>
    </message>
    <message>
        <location line="+4" />
        <source>cannot read %1: %2</source>
        <translation>no se puede leer %1: %2</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 is larger than 64 MiB: it is not a returns file</source>
        <translation>%1 pasa de 64 MiB: no es un archivo de devoluciones</translation>
    </message>
    <message>
        <location line="+41" />
        <source>the file is not UTF-8 text: save it as "CSV UTF-8"</source>
        <translation>el archivo no es texto UTF-8: guárdelo como "CSV UTF-8"</translation>
    </message>
    <message>
        <location line="+10" />
        <source>the file has no header row</source>
        <translation>el archivo no tiene fila de encabezado</translation>
    </message>
    <message>
        <location line="+12" />
        <source>line %1: the header has no column '%2' (mapped to %3)</source>
        <translation>línea %1: el encabezado no tiene la columna '%2' (asignada a %3)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>line %1: the header names none of the columns that identify a lead (%2, %3 or %4); name the buyer's columns with COLUMN=FIELD mappings</source>
        <translation>línea %1: el encabezado no nombra ninguna de las columnas que identifican un lead (%2, %3 o %4); nombre las columnas del comprador con asignaciones COLUMNA=CAMPO</translation>
    </message>
    <message>
        <location line="+12" />
        <source>line %1: %2 cells, but the header names %3 columns</source>
        <translation>línea %1: %2 celdas, pero el encabezado nombra %3 columnas</translation>
    </message>
    <message>
        <location line="+19" />
        <location line="+11" />
        <source>line %1: %2 '%3' is not a date (use YYYY-MM-DD or MM/DD/YYYY)</source>
        <translation>línea %1: %2 '%3' no es una fecha (use AAAA-MM-DD o MM/DD/AAAA)</translation>
    </message>
    <message>
        <location line="+138" />
        <source>lead id %1</source>
        <translation>id de lead %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>transaction id %1</source>
        <translation>id de transacción %1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>phone %1 sent on %2</source>
        <translation>teléfono %1 enviado el %2</translation>
    </message>
    <message>
        <location line="+1" />
        <source>phone %1</source>
        <translation>teléfono %1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>line %1: will mark %2 returned on %3 (matched by %4)</source>
        <translation>línea %1: se marcará %2 como devuelto el %3 (coincide por %4)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>line %1: marked %2 returned on %3 (matched by %4)</source>
        <translation>línea %1: %2 marcado como devuelto el %3 (coincide por %4)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>line %1: %2 was already returned on %3; unchanged</source>
        <translation>línea %1: %2 ya se devolvió el %3; sin cambios</translation>
    </message>
    <message>
        <location line="+2" />
        <source>line %1: %2 was already returned on %3 for "%4"; the file says "%5": left unchanged</source>
        <translation>línea %1: %2 ya se devolvió el %3 por "%4"; el archivo dice "%5": no se cambia</translation>
    </message>
    <message>
        <location line="+5" />
        <source>line %1: no lead id, transaction id or phone to match</source>
        <translation>línea %1: no hay id de lead, id de transacción ni teléfono para emparejar</translation>
    </message>
    <message>
        <location line="+1" />
        <source>line %1: no submission to %2 with %3</source>
        <translation>línea %1: ningún envío a %2 con %3</translation>
    </message>
    <message>
        <location line="+0" />
        <source> or </source>
        <translation> o </translation>
    </message>
    <message>
        <location line="+2" />
        <source>line %1: %2 submissions fit (%3): none changed; give the lead id</source>
        <translation>línea %1: coinciden %2 envíos (%3): no se cambió ninguno; indique el id de lead</translation>
    </message>
</context>
<context>
    <name>ServeCommands</name>
    <message>
        <location filename="../src/cli/ServeCommands.cpp" line="+68" />
        <source>Port on 127.0.0.1 (default: any free port).</source>
        <translation>Puerto en 127.0.0.1 (predeterminado: cualquier puerto libre).</translation>
    </message>
    <message>
        <location line="+0" />
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Runs the training simulator of both vendors on 127.0.0.1 until interrupted (Ctrl+C).
nTherm: POST /v1/postLead   BHM: POST /post/energy/
Training credentials: nTherm user and password "training"; BHM affiliate id %1, key %2.</source>
        <translation>Ejecuta el simulador de capacitación de ambos proveedores en 127.0.0.1 hasta que se interrumpa (Ctrl+C).
nTherm: POST /v1/postLead   BHM: POST /post/energy/
Credenciales de capacitación: usuario y contraseña de nTherm "training"; ID de afiliado de BHM %1, clave %2.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>--port must be a number from 0 to 65535 (0 picks a free port).</source>
        <translation>--port debe ser un número de 0 a 65535 (0 elige un puerto libre).</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Cannot listen on 127.0.0.1:%1: is the port in use? Choose another with --port N.</source>
        <translation>No se puede escuchar en 127.0.0.1:%1: ¿el puerto está en uso? Elija otro con --port N.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>callback sent, answer %1</source>
        <translation>callback enviado, respuesta %1</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Address and port to listen on, e.g. 0.0.0.0:8443 (required).</source>
        <translation>Dirección y puerto en que escuchar, p. ej. 0.0.0.0:8443 (obligatorio).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Serve HTTPS with this certificate (PEM; a full chain such as Let's Encrypt's fullchain.pem).</source>
        <translation>Servir HTTPS con este certificado (PEM; una cadena completa como fullchain.pem de Let's Encrypt).</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+3" />
        <source>FILE</source>
        <translation>ARCHIVO</translation>
    </message>
    <message>
        <location line="-1" />
        <source>The certificate's private key (PEM, not locked by a passphrase; e.g. privkey.pem).</source>
        <translation>La clave privada del certificado (PEM, sin frase de contraseña; p. ej. privkey.pem).</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Receives vendors' final results (POST /callback/&lt;vendor&gt;/&lt;token&gt;) and records them in the history,
until interrupted (Ctrl+C). Prints one line per callback, without personal data.
Give submissions the matching --callback-base. Each callback address carries a secret token: when
vendors reach the receiver over a network, serve HTTPS with --tls-cert and --tls-key (or put a
TLS-terminating proxy in front of it, listening on 127.0.0.1).</source>
        <translation>Recibe los resultados finales de los compradores (POST /callback/&lt;comprador&gt;/&lt;token&gt;) y los registra en el historial,
hasta interrumpirlo (Ctrl+C). Imprime una línea por devolución, sin datos personales.
Dé a los envíos el --callback-base correspondiente. Cada dirección de devolución lleva un token secreto: cuando
los compradores llegan al receptor por una red, sirva HTTPS con --tls-cert y --tls-key (o ponga delante un
proxy que termine TLS, escuchando en 127.0.0.1).</translation>
    </message>
    <message>
        <source>Address and port to listen on, e.g. 0.0.0.0:8080 (required).</source>
        <translation type="vanished">Dirección y puerto donde escuchar, p. ej., 0.0.0.0:8080 (obligatorio).</translation>
    </message>
    <message>
        <location line="-10" />
        <source>HOST:PORT</source>
        <translation>HOST:PUERTO</translation>
    </message>
    <message>
        <source>Receives vendors' final results (POST /callback/&lt;vendor&gt;/&lt;token&gt;) and records them in the history,
until interrupted (Ctrl+C). Prints one line per callback, without personal data.
Give submissions the matching --callback-base. Put a TLS-terminating proxy in front of it when the
vendor reaches it over the internet.</source>
        <translation type="vanished">Recibe los resultados finales de los proveedores (POST /callback/&lt;vendor&gt;/&lt;token&gt;) y los registra en el
historial hasta que se interrumpa (Ctrl+C). Muestra una línea por callback, sin datos personales.
Asigne a los envíos el --callback-base correspondiente. Coloque delante un proxy que termine TLS
cuando el proveedor acceda a él por internet.</translation>
    </message>
    <message>
        <location line="+19" />
        <source>--listen is required: e.g. --listen 127.0.0.1:8080.</source>
        <translation>--listen es obligatorio: p. ej., --listen 127.0.0.1:8080.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>--listen '%1' is not HOST:PORT: use e.g. --listen 127.0.0.1:8080 or --listen [::1]:8080.</source>
        <translation>--listen '%1' no es HOST:PUERTO: use, p. ej., --listen 127.0.0.1:8080 o --listen [::1]:8080.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>--tls-cert and --tls-key go together: give both to serve HTTPS, or neither.</source>
        <translation>--tls-cert y --tls-key van juntos: indique los dos para servir HTTPS, o ninguno.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Warning: %1</source>
        <translation>Aviso: %1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Note: without --tls-cert and --tls-key the callbacks, and the secret tokens in their addresses, cross the network in clear; desks accept only an https:// callback base.</source>
        <translation>Nota: sin --tls-cert y --tls-key las devoluciones, y los tokens secretos de sus direcciones, cruzan la red sin cifrar; los puestos solo aceptan una dirección base https://.</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Cannot listen on %1:%2: is the port in use or the address not this machine's?</source>
        <translation>No se puede escuchar en %1:%2: ¿el puerto está en uso o la dirección no es de esta máquina?</translation>
    </message>
</context>
<context>
    <name>ServerTls</name>
    <message>
        <location filename="../src/net/ServerTls.cpp" line="+53" />
        <source>The private key file %1 does not exist.</source>
        <translation>El archivo de clave privada %1 no existe.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The certificate file %1 does not exist.</source>
        <translation>El archivo de certificado %1 no existe.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The private key file %1 is a folder, not a file.</source>
        <translation>El archivo de clave privada %1 es una carpeta, no un archivo.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The certificate file %1 is a folder, not a file.</source>
        <translation>El archivo de certificado %1 es una carpeta, no un archivo.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>The private key file %1 cannot be read (%2): the receiver's user needs read access to it.</source>
        <translation>No se puede leer el archivo de clave privada %1 (%2): el usuario del receptor necesita permiso de lectura.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The certificate file %1 cannot be read (%2): the receiver's user needs read access to it.</source>
        <translation>No se puede leer el archivo de certificado %1 (%2): el usuario del receptor necesita permiso de lectura.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>The private key file %1 is over 1 MB: it is not a key.</source>
        <translation>El archivo de clave privada %1 pasa de 1 MB: no es una clave.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The certificate file %1 is over 1 MB: it is not a certificate.</source>
        <translation>El archivo de certificado %1 pasa de 1 MB: no es un certificado.</translation>
    </message>
    <message>
        <location line="+39" />
        <source>%1 holds a private key, not a certificate: are --tls-cert and --tls-key swapped?</source>
        <translation>%1 contiene una clave privada, no un certificado: ¿están intercambiados --tls-cert y --tls-key?</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 holds no certificate (expected a PEM file starting with "-----BEGIN CERTIFICATE-----").</source>
        <translation>%1 no contiene ningún certificado (se esperaba un archivo PEM que empiece por "-----BEGIN CERTIFICATE-----").</translation>
    </message>
    <message>
        <location line="+8" />
        <source>The private key in %1 is locked with a passphrase; the receiver needs it unlocked (e.g. openssl pkey -in %1 -out plain-key.pem, readable only by the receiver's user).</source>
        <translation>La clave privada de %1 está protegida con una frase de contraseña; el receptor la necesita sin ella (p. ej. openssl pkey -in %1 -out plain-key.pem, legible solo por el usuario del receptor).</translation>
    </message>
    <message>
        <location line="+9" />
        <source>%1 holds a certificate, not a private key: are --tls-cert and --tls-key swapped?</source>
        <translation>%1 contiene un certificado, no una clave privada: ¿están intercambiados --tls-cert y --tls-key?</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 holds no private key that can be read (expected an RSA or EC key in a PEM file starting with "-----BEGIN PRIVATE KEY-----").</source>
        <translation>%1 no contiene ninguna clave privada legible (se esperaba una clave RSA o EC en un archivo PEM que empiece por "-----BEGIN PRIVATE KEY-----").</translation>
    </message>
    <message>
        <location line="+13" />
        <source>The private key %2 and the certificate %1 cannot serve HTTPS together: give the key the certificate was issued for (TLS library: %3).</source>
        <translation>La clave privada %2 y el certificado %1 no pueden servir HTTPS juntos: indique la clave para la que se emitió el certificado (biblioteca TLS: %3).</translation>
    </message>
    <message>
        <location line="+9" />
        <source>The certificate in %1 expired on %2: vendors will refuse to send final results to it until it is renewed.</source>
        <translation>El certificado de %1 caducó el %2: los compradores se negarán a enviarle resultados finales hasta que se renueve.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The certificate in %1 is not valid before %2 (is this computer's clock right?).</source>
        <translation>El certificado de %1 no es válido antes del %2 (¿está bien el reloj de este equipo?).</translation>
    </message>
    <message>
        <location line="+9" />
        <source>this system's TLS library cannot be loaded (%1)</source>
        <translation>no se puede cargar la biblioteca TLS del sistema (%1)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/SettingsDialog.ui" line="+8" />
        <source>LeadRelay settings</source>
        <translation>Configuración de LeadRelay</translation>
    </message>
    <message>
        <location line="+12" />
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Agent name</source>
        <translation>Nombre del agente</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e.g. maria.g</source>
        <translation>p. ej., maria.g</translation>
    </message>
    <message>
        <source>History file</source>
        <translation type="vanished">Archivo del historial</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="vanished">Examinar…</translation>
    </message>
    <message>
        <source>A new location takes effect after LeadRelay restarts.</source>
        <translation type="vanished">Una nueva ubicación entra en vigor después de reiniciar LeadRelay.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Duplicate window</source>
        <translation>Ventana de duplicados</translation>
    </message>
    <message>
        <location line="+1" />
        <source>off</source>
        <translation>desactivada</translation>
    </message>
    <message>
        <location line="+0" />
        <source> days</source>
        <translation> días</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Warn before sending the same phone to the same vendor again within this many days</source>
        <translation>Advertir antes de volver a enviar el mismo teléfono al mismo proveedor dentro de esta cantidad de días</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Final result overdue after</source>
        <translation>Resultado final atrasado después de</translation>
    </message>
    <message>
        <location line="+1" />
        <source> hours</source>
        <translation> horas</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Final results</source>
        <translation>Resultados finales</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Receive final results from nTherm (callback receiver)</source>
        <translation>Recibir resultados finales de nTherm (receptor de callbacks)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Listen address</source>
        <translation>Dirección de escucha</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Public base URL</source>
        <translation>URL base pública</translation>
    </message>
    <message>
        <location line="+3" />
        <source>https://callbacks.example.com</source>
        <translation>https://callbacks.example.com</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The address the vendor can reach (e.g. a reverse proxy to this port). Empty: this computer's listen address, reachable only by the training simulator.</source>
        <translation>La dirección a la que puede acceder el proveedor (p. ej., un proxy inverso hacia este puerto). Vacío: la dirección de escucha de esta computadora, accesible solo para el simulador de capacitación.</translation>
    </message>
</context>
<context>
    <name>SubmissionDetail</name>
    <message>
        <location filename="../ui/SubmissionDetail.ui" line="+17" />
        <source>Select a submission to see its details.</source>
        <translation>Seleccione un envío para ver sus detalles.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Copy as JSON</source>
        <translation>Copiar como JSON</translation>
    </message>
    <message>
        <source>Put the lead, as JSON, on the clipboard</source>
        <translation type="vanished">Copiar el lead, como JSON, al portapapeles</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Load into form</source>
        <translation>Cargar en el formulario</translation>
    </message>
    <message>
        <source>Open this lead in the lead form, e.g. to correct and send it again</source>
        <translation type="vanished">Abrir este lead en el formulario, p. ej., para corregirlo y volver a enviarlo</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Send to the other buyer…</source>
        <translation>Enviar al otro comprador…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Export evidence…</source>
        <translation>Exportar pruebas…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Write this submission's consent evidence (record, lifecycle, request, answer, hashes) as PDF or JSON</source>
        <translation>Escribir las pruebas de consentimiento de este envío (registro, ciclo de vida, solicitud, respuesta, hashes) en PDF o JSON</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Lifecycle</source>
        <translation>Ciclo de vida</translation>
    </message>
    <message>
        <location line="+23" />
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Request (redacted)</source>
        <translation>Solicitud (datos ocultos)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
</context>
<context>
    <name>SubmissionService</name>
    <message>
        <location filename="../src/pipeline/SubmissionService.cpp" line="-179" />
        <source>No vendor was chosen.</source>
        <translation>No se eligió ningún proveedor.</translation>
    </message>
    <message>
        <location line="+205" />
        <source>Warning: this answer (%1) is not in the history yet: %2. It is kept in %3 and will be added when the history can be written again. Do not resubmit.</source>
        <translation>Advertencia: esta respuesta (%1) aún no está en el historial: %2. Se guarda en %3 y se añadirá cuando se pueda volver a escribir en el historial. No vuelva a enviar el lead.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Warning: this answer (%1) could not be saved anywhere: %2. Write it down now; do not resubmit.</source>
        <translation>Advertencia: esta respuesta (%1) no se pudo guardar en ningún sitio: %2. Anótela ahora; no vuelva a enviar el lead.</translation>
    </message>
</context>
<context>
    <name>SubmitCommand</name>
    <message numerus="yes">
        <location filename="../src/cli/SubmitCommand.cpp" line="+85" />
        <source>Not sent: the lead has %n problem(s).</source>
        <translation>
            <numerusform>No enviado: el lead tiene %n problema.</numerusform>
            <numerusform>No enviado: el lead tiene %n problemas.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8" />
        <source>Not sent: this phone number was sent to this vendor on %1 (submission %2, outcome %3).</source>
        <translation>No enviado: este número de teléfono se envió a este proveedor el %1 (envío %2, resultado %3).</translation>
    </message>
    <message>
        <location line="+35" />
        <source>Validates one lead (a JSON file in LeadRelay's lead format), records it in the history and sends it
to the vendor, then prints one JSON object on stdout:
  {"id", "vendor", "outcome", "billable", "final", "http_status", "messages",
   "field_issues": [{"field", "message"}], "vendor_lead_id", "vendor_transaction_id"}
id is null when nothing was sent; http_status is null when no HTTP answer arrived.

Credentials come from the environment: LEADRELAY_NTHERM_USER and LEADRELAY_NTHERM_PASSWORD, or
LEADRELAY_BHM_AFFILIATE_ID and LEADRELAY_BHM_KEY. --training needs none: it starts the training
simulator in this process and sends there.

Exit status:
  0  sold or accepted (a preliminary nTherm acceptance, and accepted-not-sold, which the vendor
     accepted but will not pay for: see "billable")
  1  rejected or invalid: by the vendor, or locally (every field issue is listed, nothing is sent
     or stored), or refused as a duplicate (outcome "duplicate": the same phone was sent to the
     same vendor within --duplicate-days; the earlier submission is named; --allow-duplicate sends)
  2  usage or configuration error, including a vendor refusing the credentials (account_error)
     and a history file that cannot be written (nothing is sent then)
  3  not delivered (safe to send again) or delivery unknown (check with the vendor first)
  4  the vendor answered (the outcome is printed) but the history could not record it, for example
     on a full disk: the answer is kept in the side journal beside the history (&lt;history&gt;.answers)
     and added to the history the next time it is opened with room to write; do not resubmit</source>
        <translation>Valida un lead (un archivo JSON en el formato de lead de LeadRelay), lo registra en el historial y lo
envía al proveedor; después muestra un objeto JSON en stdout:
  {"id", "vendor", "outcome", "billable", "final", "http_status", "messages",
   "field_issues": [{"field", "message"}], "vendor_lead_id", "vendor_transaction_id"}
id es null cuando no se envió nada; http_status es null cuando no llegó ninguna respuesta HTTP.

Las credenciales se toman del entorno: LEADRELAY_NTHERM_USER y LEADRELAY_NTHERM_PASSWORD, o
LEADRELAY_BHM_AFFILIATE_ID y LEADRELAY_BHM_KEY. --training no necesita ninguna: inicia el simulador
de capacitación en este proceso y envía allí.

Estado de salida:
  0  vendido o aceptado (incluye una aceptación preliminar de nTherm y accepted-not-sold, que el
     proveedor aceptó pero no pagará: vea "billable")
  1  rechazado o inválido: por el proveedor o localmente (se enumeran todos los problemas de los
     campos; no se envía ni se guarda nada), o rehusado por duplicado (outcome "duplicate": el mismo
     teléfono se envió al mismo proveedor dentro de --duplicate-days; se indica el envío anterior;
     --allow-duplicate lo envía)
  2  error de uso o de configuración, incluido un proveedor que rechaza las credenciales
     (account_error) y un archivo de historial en el que no se puede escribir (entonces no se
     envía nada)
  3  no entregado (es seguro volver a enviarlo) o entrega desconocida (consulte primero con el
     proveedor)
  4  el proveedor respondió (se muestra el resultado) pero el historial no pudo registrarlo, por
     ejemplo con el disco lleno: la respuesta se guarda en el diario auxiliar junto al historial
     (&lt;historial&gt;.answers) y se añade al historial la próxima vez que se abra con espacio para
     escribir; no vuelva a enviar el lead</translation>
    </message>
    <message>
        <location filename="../src/cli/SubmitSetup.cpp" line="+18" />
        <source>The vendor: ntherm or bhm (required).</source>
        <translation>El proveedor: ntherm o bhm (obligatorio).</translation>
    </message>
    <message>
        <location line="+0" />
        <source>VENDOR</source>
        <translation>PROVEEDOR</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+15" />
        <location line="+7" />
        <source>FILE</source>
        <translation>ARCHIVO</translation>
    </message>
    <message>
        <location line="-22" />
        <source>The lead, a JSON file (required unless --batch).</source>
        <translation>El lead, un archivo JSON (obligatorio salvo con --batch).</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Send to this URL instead of the vendor's (https; plain http only to a loopback address).</source>
        <translation>Enviar a esta URL en lugar de la del proveedor (https; http sin cifrar solo a una dirección loopback).</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+11" />
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="-10" />
        <source>Send to the built-in training simulator; no credentials needed.</source>
        <translation>Enviar al simulador de capacitación integrado; no se necesitan credenciales.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The agent recorded with the lead (overrides the file).</source>
        <translation>El agente registrado con el lead (reemplaza al del archivo).</translation>
    </message>
    <message>
        <location line="+0" />
        <source>NAME</source>
        <translation>NOMBRE</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Seconds to wait for the answer (default 30).</source>
        <translation>Segundos de espera de la respuesta (predeterminado: 30).</translation>
    </message>
    <message>
        <location line="+0" />
        <source>SECONDS</source>
        <translation>SEGUNDOS</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Send even if this phone was sent to this vendor recently.</source>
        <translation>Enviar aunque este teléfono se haya enviado a este proveedor recientemente.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Days the duplicate guard looks back (default 30; 0 turns it off).</source>
        <translation>Días que revisa la protección contra duplicados (predeterminado: 30; 0 la desactiva).</translation>
    </message>
    <message>
        <location line="+1" />
        <source>DAYS</source>
        <translation>DÍAS</translation>
    </message>
    <message>
        <location line="+3" />
        <source>nTherm: ask for the final result at URL/callback/ntherm/&lt;token&gt; (run 'leadrelay-cli callbacks' there; https, plain http only to a loopback address).</source>
        <translation>nTherm: pedir el resultado final en URL/callback/ntherm/&lt;token&gt; (ejecute allí 'leadrelay-cli callbacks'; https, http sin cifrar solo hacia una dirección local).</translation>
    </message>
    <message>
        <source>The do-not-call registry lists' folder (default: %1); a lead's number found there is kept in its consent record.</source>
        <translation type="vanished">La carpeta de las listas del registro de no llamar (predeterminada: %1); si el número del lead está en ellas, queda en su registro de consentimiento.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation type="vanished">CARPETA</translation>
    </message>
    <message>
        <source>Note: a do-not-call registry list could not be read (%1); the others are checked.</source>
        <translation type="vanished">Nota: no se pudo leer una lista del registro de no llamar (%1); se comprueban las demás.</translation>
    </message>
    <message>
        <source>Note: do-not-call registry older than %1 days: %2. Download it again.</source>
        <translation type="vanished">Nota: registro de no llamar de más de %1 días: %2. Descárguelo de nuevo.</translation>
    </message>
    <message>
        <location line="+56" />
        <source>--callback-base: %1</source>
        <translation>--callback-base: %1</translation>
    </message>
    <message>
        <source>nTherm: ask for the final result at URL/callback/ntherm/&lt;token&gt; (run 'leadrelay-cli callbacks' there).</source>
        <translation type="vanished">nTherm: solicitar el resultado final en URL/callback/ntherm/&lt;token&gt; (ejecute 'leadrelay-cli callbacks' allí).</translation>
    </message>
    <message>
        <location line="-53" />
        <source>Send every lead of a CSV or JSON Lines file (instead of --lead).</source>
        <translation>Enviar cada lead de un archivo CSV o JSON Lines (en lugar de --lead).</translation>
    </message>
    <message>
        <location line="+2" />
        <source>--batch: leads in flight at once (default %1, at most %2).</source>
        <translation>--batch: leads en curso a la vez (predeterminado %1, como máximo %2).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+1" />
        <source>--batch: write one line per input row to FILE (.csv, else JSON Lines).</source>
        <translation>--batch: escribir una línea por fila de entrada en ARCHIVO (.csv; si no, JSON Lines).</translation>
    </message>
    <message>
        <location line="+2" />
        <source>--batch: validate every row and report; send nothing, record nothing.</source>
        <translation>--batch: validar cada fila e informar; no enviar ni registrar nada.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>--vendor is required: use --vendor ntherm or --vendor bhm.</source>
        <translation>--vendor es obligatorio: use --vendor ntherm o --vendor bhm.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Unknown vendor '%1': use --vendor ntherm or --vendor bhm.</source>
        <translation>Proveedor desconocido '%1': use --vendor ntherm o --vendor bhm.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>--training and --endpoint exclude each other: training always sends to the simulator.</source>
        <translation>--training y --endpoint se excluyen mutuamente: el modo de capacitación siempre envía al simulador.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>--timeout must be a whole number of seconds from 1 to %1.</source>
        <translation>--timeout debe ser un número entero de segundos de 1 a %1.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>--duplicate-days must be a whole number of days from 0 to 3650.</source>
        <translation>--duplicate-days debe ser un número entero de días de 0 a 3650.</translation>
    </message>
    <message>
        <source>--callback-base must be an http or https URL, e.g. https://leads.example.com.</source>
        <translation type="vanished">--callback-base debe ser una URL http o https, p. ej., https://leads.example.com.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Note: the training simulator calls back loopback addresses only; no final result will reach %1.</source>
        <translation>Nota: el simulador de capacitación solo hace callbacks a direcciones loopback; ningún resultado final llegará a %1.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Note: %1 does not report final results; --callback-base is ignored.</source>
        <translation>Nota: %1 no informa resultados finales; se ignora --callback-base.</translation>
    </message>
    <message>
        <location filename="../src/cli/SubmitCommand.cpp" line="+65" />
        <source>The lead file %1 is not a regular file (a folder, a pipe or a device): give a JSON file.</source>
        <translation>El archivo de lead %1 no es un archivo normal (es una carpeta, una tubería o un dispositivo): indique un archivo JSON.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Cannot read the lead file %1: %2.</source>
        <translation>No se puede leer el archivo del lead %1: %2.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The lead file %1 is larger than 1 MiB: is it really one lead?</source>
        <translation>El archivo del lead %1 supera 1 MiB: ¿de verdad es un solo lead?</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The lead file %1 cannot be used: %2</source>
        <translation>No se puede usar el archivo del lead %1: %2</translation>
    </message>
    <message>
        <location filename="../src/cli/SubmitSetup.cpp" line="+18" />
        <source>The training simulator cannot listen on 127.0.0.1.</source>
        <translation>El simulador de capacitación no puede escuchar en 127.0.0.1.</translation>
    </message>
    <message>
        <location line="+21" />
        <source>%1 and %2 must be set in the environment to send to %3 (or use --training).</source>
        <translation>%1 y %2 deben estar definidas en el entorno para enviar a %3 (o use --training).</translation>
    </message>
    <message>
        <location line="+6" />
        <source>The credentials in %1 and %2 cannot be used: %3</source>
        <translation>No se pueden usar las credenciales de %1 y %2: %3</translation>
    </message>
    <message>
        <location line="+9" />
        <source>--endpoint must not contain a user name or password: set %1 and %2 instead.</source>
        <translation>--endpoint no debe contener un nombre de usuario ni una contraseña: defina %1 y %2 en su lugar.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>--endpoint cannot be used: %1</source>
        <translation>No se puede usar --endpoint: %1</translation>
    </message>
    <message>
        <location filename="../src/cli/SubmitCommand.cpp" line="-36" />
        <source>--lead and --batch exclude each other: give one lead or one batch file.</source>
        <translation>--lead y --batch se excluyen: indique un lead o un archivo de lote.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>--%1 is used only with --batch.</source>
        <translation>--%1 solo se usa con --batch.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>--lead is required: give the lead as a JSON file, e.g. --lead lead.json (or a file of leads with --batch).</source>
        <translation>--lead es obligatorio: indique el lead como archivo JSON, p. ej. --lead lead.json (o un archivo de leads con --batch).</translation>
    </message>
    <message>
        <location line="+67" />
        <source>Warning: %1: %2</source>
        <translation>Advertencia: %1: %2</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Not sent: %1</source>
        <translation>No enviado: %1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Not sent: the history could not be written (%1). Check the file or use --db FILE.</source>
        <translation>No enviado: no se pudo escribir en el historial (%1). Revise el archivo o use --db ARCHIVO.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Refused as a duplicate: this phone was sent to %3 on %2 (submission %1); use --allow-duplicate to send it anyway.</source>
        <translation>Rehusado por duplicado: este teléfono se envió a %3 el %2 (envío %1); use --allow-duplicate para enviarlo de todos modos.</translation>
    </message>
    <message>
        <location line="+19" />
        <source>%1 answered "%2", but the history could not record it: %3 The answer is kept in %4 and will be added the next time the history is opened with room to write. Do not resubmit.</source>
        <translation>%1 respondió "%2", pero el historial no pudo registrarlo: %3 La respuesta se guarda en %4 y se añadirá la próxima vez que se abra el historial con espacio para escribir. No vuelva a enviar el lead.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 answered "%2", but neither the history nor its side journal could record it: %3 Keep this output; do not resubmit.</source>
        <translation>%1 respondió "%2", pero ni el historial ni su diario auxiliar pudieron registrarlo: %3 Conserve esta salida; no vuelva a enviar el lead.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>The lead may have reached %1: check with the vendor before sending it again.</source>
        <translation>Es posible que el lead haya llegado a %1: consulte con el proveedor antes de volver a enviarlo.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 refused the credentials: check the account settings.</source>
        <translation>%1 rechazó las credenciales: revise la configuración de la cuenta.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>The training simulator could not deliver the final result in time.</source>
        <translation>El simulador de capacitación no pudo entregar el resultado final a tiempo.</translation>
    </message>
</context>
<context>
    <name>TeamAdmin</name>
    <message>
        <location filename="../src/store/TeamAdmin.cpp" line="+33" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Team administration needs a team server (--db postgresql://...)</source>
        <translation>La administración del equipo necesita un servidor de equipo (--db postgresql://...)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Qt's database driver QPSQL is not installed (on Debian: libqt6sql6-psql)</source>
        <translation>El controlador de base de datos QPSQL de Qt no está instalado (en Debian: libqt6sql6-psql)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>%1 is one of the floor's logins; team administration is for the database's owner</source>
        <translation>%1 es uno de los usuarios de la sala; la administración del equipo corresponde al propietario de la base de datos</translation>
    </message>
    <message>
        <location line="+9" />
        <source>"%1" cannot be a login name: use lower-case letters, digits, '.', '_' or '-', starting with a letter (at most 63)</source>
        <translation>"%1" no puede ser un nombre de usuario: use minúsculas, dígitos, '.', '_' o '-', empezando por una letra (63 como máximo)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Unknown role "%1": use agent, supervisor or receiver</source>
        <translation>Rol desconocido "%1": use agent, supervisor o receiver</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The password must be at least 12 characters long</source>
        <translation>La contraseña debe tener al menos 12 caracteres</translation>
    </message>
    <message>
        <location line="+5" />
        <location line="+9" />
        <source>Could not add %1</source>
        <translation>No se pudo añadir a %1</translation>
    </message>
    <message>
        <location line="-7" />
        <source>A login named %1 already exists on this server</source>
        <translation>Ya existe un usuario llamado %1 en este servidor</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Could not add %1 (the server refused to create the login; check that this login may create roles)</source>
        <translation>No se pudo añadir a %1 (el servidor se negó a crear el usuario; compruebe que este usuario puede crear roles)</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Could not list the team's logins</source>
        <translation>No se pudieron listar los usuarios del equipo</translation>
    </message>
</context>
<context>
    <name>TeamCommand</name>
    <message>
        <location filename="../src/cli/TeamCommand.cpp" line="+23" />
        <source>The team database, e.g. postgresql://admin@db.example.com/leadrelay (password from LEADRELAY_DB_PASSWORD or ~/.pgpass).</source>
        <translation>La base de datos del equipo, p. ej. postgresql://admin@db.example.com/leadrelay (contraseña de LEADRELAY_DB_PASSWORD o ~/.pgpass).</translation>
    </message>
    <message>
        <location line="+2" />
        <source>URI</source>
        <translation>URI</translation>
    </message>
    <message>
        <location line="+7" />
        <source>--db postgresql://USER@HOST/DATABASE is required: the team server.</source>
        <translation>Falta --db postgresql://USUARIO@SERVIDOR/BASE: el servidor del equipo.</translation>
    </message>
    <message>
        <location line="+27" />
        <source>The floor receiver's public address (https://...), which every desk's nTherm submissions carry for final results.</source>
        <translation>La dirección pública del receptor de la sala (https://...), que llevan los envíos a nTherm de cada puesto para los resultados finales.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Creates or upgrades the team database: schema, roles (leadrelay_agent, leadrelay_supervisor, leadrelay_receiver) and their row-level security. Safe to run again.</source>
        <translation>Crea o actualiza la base de datos del equipo: esquema, roles (leadrelay_agent, leadrelay_supervisor, leadrelay_receiver) y su seguridad por filas. Se puede ejecutar de nuevo sin riesgo.</translation>
    </message>
    <message>
        <location line="+32" />
        <source>Final results go to the floor's receiver at %1.</source>
        <translation>Los resultados finales van al receptor de la sala en %1.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No receiver set yet: run team init again with --callback-base https://... for nTherm's final results.</source>
        <translation>Aún no hay receptor: ejecute team init de nuevo con --callback-base https://... para los resultados finales de nTherm.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Team database %1 ready (schema %2).</source>
        <translation>Base de datos del equipo %1 lista (esquema %2).</translation>
    </message>
    <message>
        <location line="+8" />
        <source>agent, supervisor or receiver.</source>
        <translation>agent, supervisor o receiver.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>ROLE</source>
        <translation>ROL</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The new login's name.</source>
        <translation>El nombre del nuevo usuario.</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Adds a login to the floor: leadrelay-cli team add-user NAME --role ROLE --db URI. The password comes from LEADRELAY_NEW_PASSWORD, or is generated and printed once.</source>
        <translation>Añade un usuario a la sala: leadrelay-cli team add-user NOMBRE --role ROL --db URI. La contraseña viene de LEADRELAY_NEW_PASSWORD, o se genera y se muestra una vez.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Usage: leadrelay-cli team add-user NAME --role agent|supervisor|receiver --db URI</source>
        <translation>Uso: leadrelay-cli team add-user NOMBRE --role agent|supervisor|receiver --db URI</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Added %1 as %2.</source>
        <translation>%1 añadido como %2.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Password (shown once; give it to %1 and keep no copy): %2</source>
        <translation>Contraseña (se muestra una vez; désela a %1 y no guarde copia): %2</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Lists the floor's logins and their roles.</source>
        <translation>Lista los usuarios de la sala y sus roles.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Login</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Can log in</source>
        <translation>Puede entrar</translation>
    </message>
    <message>
        <location line="+4" />
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <location line="+0" />
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Usage: leadrelay-cli team init|add-user|list --db URI (run by the team database's owner)</source>
        <translation>Uso: leadrelay-cli team init|add-user|list --db URI (lo ejecuta el propietario de la base de datos del equipo)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>The desk's history file (SQLite) to copy.</source>
        <translation>El archivo de historial (SQLite) del puesto que se copia.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>FILE</source>
        <translation>ARCHIVO</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Copies a desk's history into the team database, keeping ids, times, outcomes, lifecycles and each row's agent. Run it again: nothing doubles.</source>
        <translation>Copia el historial de un puesto en la base de datos del equipo, conservando ids, horas, resultados, ciclos de vida y el agente de cada fila. Ejecútelo de nuevo: nada se duplica.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>--from FILE is required: an existing desk history (e.g. %1).</source>
        <translation>Falta --from ARCHIVO: un historial de puesto existente (p. ej. %1).</translation>
    </message>
    <message>
        <location line="+11" />
        <source>history copy keeps each row's agent, so it is run by the team database's owner, not by %1.</source>
        <translation>history copy conserva el agente de cada fila, así que lo ejecuta el propietario de la base de datos del equipo, no %1.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Stopped after %1 rows: %2. Run the same command again to go on.</source>
        <translation>Detenido tras %1 filas: %2. Ejecute la misma orden de nuevo para continuar.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Stopped after %1 rows: %2</source>
        <translation>Detenido tras %1 filas: %2</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Copied %1 of %2 submissions into %3 (%4 were there already).</source>
        <translation>Copiados %1 de %2 envíos a %3 (%4 ya estaban).</translation>
    </message>
</context>
<context>
    <name>TrackingSection</name>
    <message>
        <location filename="../ui/TrackingSection.ui" line="+13" />
        <source>Tracking</source>
        <translation>Seguimiento</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Source URL</source>
        <translation>URL de origen</translation>
    </message>
    <message>
        <location line="+6" />
        <source>https://www.example.com/form/</source>
        <translation>https://www.example.com/form/</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Consumer IP</source>
        <translation>IP del consumidor</translation>
    </message>
    <message>
        <location line="+6" />
        <source>184.248.249.118</source>
        <translation>184.248.249.118</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Sub 1</source>
        <translation>Sub 1</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Sub 2</source>
        <translation>Sub 2</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Sub 3</source>
        <translation>Sub 3</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Sub 4</source>
        <translation>Sub 4</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Sub 5</source>
        <translation>Sub 5</translation>
    </message>
</context>
<context>
    <name>ValidationSummary</name>
    <message>
        <location filename="../ui/ValidationSummary.ui" line="+19" />
        <source>Problems that block sending</source>
        <translation>Problemas que impiden el envío</translation>
    </message>
</context>
<context>
    <name>VendorAccountEditor</name>
    <message>
        <location filename="../ui/VendorAccountEditor.ui" line="+10" />
        <source>Mode</source>
        <translation>Modo</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Training: the built-in simulator; nothing leaves this computer</source>
        <translation>Capacitación: el simulador integrado; nada sale de esta computadora</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Production: real leads to the vendor</source>
        <translation>Producción: leads reales al proveedor</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Endpoint</source>
        <translation>Punto de acceso</translation>
    </message>
    <message>
        <location line="+7" />
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Kept in the system keychain, never in a settings file. Training mode uses the simulator's own credentials.</source>
        <translation>Se guarda en el llavero del sistema, nunca en un archivo de configuración. El modo de capacitación usa las credenciales propias del simulador.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Timeout</source>
        <translation>Tiempo de espera</translation>
    </message>
    <message>
        <location line="+1" />
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Default campaign</source>
        <translation>Campaña predeterminada</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Default source URL</source>
        <translation>URL de origen predeterminada</translation>
    </message>
    <message>
        <location line="+3" />
        <source>https://www.example.com/form/</source>
        <translation>https://www.example.com/form/</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Default sub1</source>
        <translation>sub1 predeterminado</translation>
    </message>
    <message>
        <location line="+2" />
        <source>New leads: mailing address same as service address</source>
        <translation>Leads nuevos: dirección postal igual a la de servicio</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Consent script</source>
        <translation>Guion de consentimiento</translation>
    </message>
    <message>
        <location line="+4" />
        <source>One question per line; the agent records each answer.</source>
        <translation>Una pregunta por línea; el agente registra cada respuesta.</translation>
    </message>
</context>
<context>
    <name>VendorPicker</name>
    <message>
        <location filename="../ui/VendorPicker.ui" line="+13" />
        <source>Send to:</source>
        <translation>Enviar a:</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Vendor</source>
        <translation>Proveedor</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../src/app/main.cpp" line="+60" />
        <source>Enter energy leads and send them to nTherm or Bright Horizons Media.
Qt's own options (-platform, -style, -reverse, ...) are accepted too.</source>
        <translation>Capture leads de energía y envíelos a nTherm o Bright Horizons Media.
También se aceptan las opciones propias de Qt (-platform, -style, -reverse, ...).</translation>
    </message>
    <message>
        <location line="+41" />
        <location line="+28" />
        <source>LeadRelay cannot start</source>
        <translation>LeadRelay no puede iniciarse</translation>
    </message>
    <message>
        <location filename="../src/gui/HistoryStartup.cpp" line="+31" />
        <source>The submission history could not be opened.

File: %1
Database error: %2</source>
        <translation>No se pudo abrir el historial de envíos.

Archivo: %1
Error de la base de datos: %2</translation>
    </message>
</context>
</TS>